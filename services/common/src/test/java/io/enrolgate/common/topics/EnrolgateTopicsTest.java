package io.enrolgate.common.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.zigbee.IeeeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnrolgateTopicsTest {
    private static final IeeeAddress GATEWAY = new IeeeAddress(0x000D6F000A0B0C0DL);

    @Test
    void topicsFollowDesignSection33() {
        assertThat(EnrolgateTopics.request(GATEWAY)).isEqualTo("enrolgate/v1/gw/000d6f000a0b0c0d/eg/request");
        assertThat(EnrolgateTopics.response(GATEWAY)).isEqualTo("enrolgate/v1/gw/000d6f000a0b0c0d/eg/response");
        assertThat(EnrolgateTopics.status(GATEWAY)).isEqualTo("enrolgate/v1/gw/000d6f000a0b0c0d/status");
        assertThat(EnrolgateTopics.keys(GATEWAY)).isEqualTo("enrolgate/v1/keys/000d6f000a0b0c0d");
        assertThat(EnrolgateTopics.events(GATEWAY)).isEqualTo("enrolgate/v1/events/000d6f000a0b0c0d");
        assertThat(EnrolgateTopics.SHARED_REQUEST_FILTER).isEqualTo("$share/key-forge/enrolgate/v1/gw/+/eg/request");
        assertThat(EnrolgateTopics.SHARED_KEYS_FILTER).isEqualTo("$share/provisioning/enrolgate/v1/keys/+");
        assertThat(EnrolgateTopics.STATUS_FILTER).isEqualTo("enrolgate/v1/gw/+/status");
        assertThat(EnrolgateTopics.EVENTS_FILTER).isEqualTo("enrolgate/v1/events/+");
    }

    @Test
    void theGatewayAndDeviceAreReadBackFromTheirTopics() {
        assertThat(EnrolgateTopics.gatewayOfRequestTopic(EnrolgateTopics.request(GATEWAY))).contains(GATEWAY);
        assertThat(EnrolgateTopics.deviceOfKeysTopic(EnrolgateTopics.keys(GATEWAY))).contains(GATEWAY);
        IeeeAddress highBit = new IeeeAddress(0xFFFFFFFFFFFFFFFFL);
        assertThat(EnrolgateTopics.gatewayOfRequestTopic(EnrolgateTopics.request(highBit))).contains(highBit);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        "enrolgate/v1/gw/000D6F000A0B0C0D/eg/request",       // upper case: the scheme says lower case
        "enrolgate/v1/gw/000d6f000a0b0c0/eg/request",        // 15 digits
        "enrolgate/v1/gw/000d6f000a0b0c0d0/eg/request",      // 17 digits
        "enrolgate/v1/gw/000d6f000a0b0c0g/eg/request",       // not hex
        "enrolgate/v1/gw/+/eg/request",                      // the filter, not a topic
        "enrolgate/v1/gw/000d6f000a0b0c0d/eg/response",      // another kind of topic
        "enrolgate/v1/gw/000d6f000a0b0c0d/eg/request/x",     // a level too many
        "enrolgate/v2/gw/000d6f000a0b0c0d/eg/request",       // another version
        "x/v1/gw/000d6f000a0b0c0d/eg/request",
        "enrolgate/v1/gw/000d6f00-a0b0c0d/eg/request",       // a separator
        "enrolgate/v1/keys/000d6f000a0b0c0d",                // a keys topic
    })
    void aTopicThatIsNotARequestTopicNamesNoGateway(String topic) {
        assertThat(EnrolgateTopics.gatewayOfRequestTopic(topic)).isEmpty();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        "enrolgate/v1/keys/",
        "enrolgate/v1/keys/000D6F000A0B0C0D",
        "enrolgate/v1/keys/000d6f000a0b0c0",
        "enrolgate/v1/keys/000d6f000a0b0c0d/",
        "enrolgate/v1/keys/000d6f000a0b0c0d/x",
        "enrolgate/v1/keys/+",
        "enrolgate/v1/events/000d6f000a0b0c0d",
        "enrolgate/v1/keys/-00d6f000a0b0c0d",               // a sign parseUnsignedLong would take
        "enrolgate/v1/key/000d6f000a0b0c0d",
    })
    void aTopicThatIsNotAKeysTopicNamesNoDevice(String topic) {
        assertThat(EnrolgateTopics.deviceOfKeysTopic(topic)).isEmpty();
    }
}
