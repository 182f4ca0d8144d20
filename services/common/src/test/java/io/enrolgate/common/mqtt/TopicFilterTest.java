package io.enrolgate.common.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TopicFilterTest {

    @ParameterizedTest
    @CsvSource({
        "enrolgate/v1/gw/+/eg/request, enrolgate/v1/gw/000d6f000a0b0c0d/eg/request, true",
        "$share/key-forge/enrolgate/v1/gw/+/eg/request, enrolgate/v1/gw/000d6f000a0b0c0d/eg/request, true",
        "$share/key-forge/enrolgate/v1/gw/+/eg/request, enrolgate/v1/gw/000d6f000a0b0c0d/eg/response, false",
        "enrolgate/v1/gw/+/eg/request, enrolgate/v1/gw/a/b/eg/request, false",
        "enrolgate/v1/events/#, enrolgate/v1/events, true",
        "enrolgate/v1/events/#, enrolgate/v1/events/x/y, true",
        "#, enrolgate/v1/x, true",
        "#, $SYS/broker/uptime, false",
        "+/broker/uptime, $SYS/broker/uptime, false",
        "a/+, a/, true",
        "a/+, a, false",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
    })
    void matchesAsMqttV5Says(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void refusesMalformedFilters() {
        assertThatThrownBy(() -> TopicFilter.validate("a/#/b")).hasMessageContaining("'#'");
        assertThatThrownBy(() -> TopicFilter.validate("a/b+")).hasMessageContaining("'+'");
        assertThatThrownBy(() -> TopicFilter.validate("$share/onlygroup")).hasMessageContaining("$share/{group}/{filter}");
        assertThatThrownBy(() -> TopicFilter.validate("$share//a")).hasMessageContaining("$share/{group}/{filter}");
        assertThatThrownBy(() -> TopicFilter.validate("")).hasMessageContaining("empty");
    }

    @Test
    void dispatcherRoutesSharedDeliveriesToTheFirstMatchingFilter() {
        SubscriptionDispatcher dispatcher = new SubscriptionDispatcher();
        MessageHandler requests = m -> CompletableFuture.completedFuture("requests");
        MessageHandler everything = m -> CompletableFuture.completedFuture("everything");
        dispatcher.register("$share/key-forge/enrolgate/v1/gw/+/eg/request", requests);
        dispatcher.register("enrolgate/#", everything);

        assertThat(dispatcher.route("enrolgate/v1/gw/0000000000000001/eg/request")).get()
                .extracting(e -> e.getValue()).isSameAs(requests);
        assertThat(dispatcher.route("enrolgate/v1/keys/0000000000000001")).get()
                .extracting(e -> e.getValue()).isSameAs(everything);
        assertThat(dispatcher.route("other/topic")).isEmpty();

        dispatcher.unregister("enrolgate/#");
        assertThat(dispatcher.filters()).containsExactly("$share/key-forge/enrolgate/v1/gw/+/eg/request");
    }

    @Test
    void levelPicksOneLevelOfATopic() {
        assertThat(TopicFilter.level("enrolgate/v1/gw/000d6f000a0b0c0d/eg/request", 3)).isEqualTo("000d6f000a0b0c0d");
        assertThatThrownBy(() -> TopicFilter.level("a/b", 2)).hasMessageContaining("no level 2");
    }
}
