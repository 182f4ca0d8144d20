package io.enrolgate.provisioning.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.zigbee.SymmetricKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MefKeyValuesAndRetryTest {
    private static final SymmetricKey KEY = SymmetricKey.fromHex("2B7E151628AED2A6ABF7158809CF4F3C");

    @Test
    void theKeyValueIsTheZigbeeKeyThenFreshRandomBytes() {
        MefKeyValues values = new MefKeyValues(new SecureRandom());
        MefKeyValue first = values.compose(KEY);
        MefKeyValue second = values.compose(KEY);
        assertThat(first.firstHalf()).isEqualTo(KEY.toBytes());
        assertThat(second.firstHalf()).isEqualTo(KEY.toBytes());
        byte[] firstRest = Arrays.copyOfRange(first.toBytes(), 16, 32);
        assertThat(firstRest).isNotEqualTo(Arrays.copyOfRange(second.toBytes(), 16, 32))
                .isNotEqualTo(KEY.toBytes()).isNotEqualTo(new byte[16]);
        assertThat(first.toString()).doesNotContain(HexFormat.of().formatHex(KEY.toBytes()));
    }

    @Test
    void backOffDoublesUpToTheCapWithJitter() {
        RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);
        SplittableRandom random = new SplittableRandom(1);
        assertThat(policy.delayAfter(1, random)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        assertThat(policy.delayAfter(3, random)).isBetween(Duration.ofMillis(3200), Duration.ofMillis(4800));
        assertThat(policy.delayAfter(10, random)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
        assertThat(policy.delayAfter(1000, random)).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36));
        assertThat(policy.exhausted(4)).isFalse();
        assertThat(policy.exhausted(5)).isTrue();
    }
}
