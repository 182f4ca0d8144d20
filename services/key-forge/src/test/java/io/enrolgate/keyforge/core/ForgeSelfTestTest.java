package io.enrolgate.keyforge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeySealer;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ForgeSelfTestTest {
    private final KeySealer sealer = new KeySealer(HpkePrivateKey.generate(new SecureRandom()).publicKey(),
            KeyDeliverySeal.INFO);

    @Test
    void passesWithAWorkingCryptoStack() {
        assertThat(ForgeSelfTest.run(NetworkKeySource.create(), sealer)).isPositive();
    }
}
