package io.enrolgate.mef.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.KeyRegistrationUpdate;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MmefRequestsTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    private static KeyRegistrationRequest decode(String json) {
        return MmefRequests.decodeRegistration(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRegistrationRoundTrips() {
        MefKeyValue key = MefKeyValue.of(new byte[32]);
        KeyRegistrationRequest request = new KeyRegistrationRequest(Suid.END_TO_END_DATA,
                List.of(new OneM2mId("CA"), new OneM2mId("CB")), key,
                Optional.of(Instant.parse("2031-02-03T04:05:06Z")), List.of("ieee:1"));

        KeyRegistrationRequest decoded = MmefRequests.decodeRegistration(MmefRequests.encodeRegistration(request));

        assertThat(decoded).isEqualTo(request);
        assertThat(new String(MmefRequests.encodeRegistration(request), StandardCharsets.UTF_8))
                .contains("\"expirationTime\":\"20310203T040506\"").contains("\"targetIDs\":[\"CA\",\"CB\"]");
    }

    @Test
    void anUpdateCarriesOnlyWhatChanges() {
        KeyRegistrationUpdate update = MmefRequests.decodeUpdate("{\"labels\":[\"x\"]}".getBytes());

        assertThat(update.targetIds()).isEmpty();
        assertThat(update.labels()).contains(List.of("x"));
        assertThatThrownBy(() -> MmefRequests.decodeUpdate("{}".getBytes())).hasMessageContaining("changes nothing");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON            | suid=24                                                              | not valid JSON",
        "array               | [1,2]                                                                | not a JSON object",
        "trailing data       | {\"suid\":24} {}                                                     | not valid JSON",
        "missing suid        | {\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\"}                        | suid is missing",
        "suid as string      | {\"suid\":\"24\",\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\"}        | suid is a JSON string: expected an integer",
        "suid fraction       | {\"suid\":24.5,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\"}          | expected an integer",
        "wrong suid          | {\"suid\":12,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\"}            | SUID 12 cannot be registered",
        "targetIDs string    | {\"suid\":24,\"targetIDs\":\"CA\",\"keyValue\":\"KEY\"}              | expected an array of strings",
        "targetIDs number    | {\"suid\":24,\"targetIDs\":[1],\"keyValue\":\"KEY\"}                 | targetIDs[0] is a JSON number",
        "empty targetIDs     | {\"suid\":24,\"targetIDs\":[],\"keyValue\":\"KEY\"}                  | targetIDs is empty",
        "bad target          | {\"suid\":24,\"targetIDs\":[\"C A\"],\"keyValue\":\"KEY\"}           | oneM2M ID",
        "no key              | {\"suid\":24,\"targetIDs\":[\"CA\"]}                                 | keyValue is missing",
        "key not base64      | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"***\"}            | keyValue is not base64",
        "short key           | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"AAAA\"}           | got 3 bytes",
        "bad time            | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\",\"expirationTime\":\"2031-01-01\"} | expected YYYYMMDDTHHMMSS",
        "impossible date     | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\",\"expirationTime\":\"20310230T000000\"} | not a oneM2M timestamp",
        "unknown member      | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\",\"sUID\":24} | unknown member 'sUID'",
        "duplicate member    | {\"suid\":24,\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\"} | member twice",
        "too deep            | {\"suid\":24,\"labels\":[[[[[[[[[[1]]]]]]]]]]}                      | not valid JSON",
        "label with space    | {\"suid\":24,\"targetIDs\":[\"CA\"],\"keyValue\":\"KEY\",\"labels\":[\"a b\"]} | not a token",
    })
    void malformedRegistrationsAreRefusedSayingWhatWasExpected(String name, String json, String message) {
        assertThatThrownBy(() -> decode(json.replace("KEY", KEY))).as(name)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void oneM2mTimesAreBasicIso8601InUtc() {
        assertThat(OneM2mTime.parse("20301231T235959", "t")).isEqualTo(Instant.parse("2030-12-31T23:59:59Z"));
        assertThat(OneM2mTime.parse("20301231T235959Z", "t")).isEqualTo(Instant.parse("2030-12-31T23:59:59Z"));
        assertThat(OneM2mTime.format(Instant.parse("2030-12-31T23:59:59.900Z"))).isEqualTo("20301231T235959");
        assertThatThrownBy(() -> OneM2mTime.parse("20301231T2359", "expirationTime"))
                .hasMessageContaining("expirationTime '20301231T2359'");
    }
}
