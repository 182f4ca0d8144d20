package io.enrolgate.mef.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.mef.TestMef;
import io.enrolgate.mef.core.KeyIdentifier;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.store.memory.InMemoryAuditLog;
import io.enrolgate.mef.store.memory.InMemoryKeyRegistrationStore;
import io.enrolgate.mef.transport.ListenerSettings;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A MEF Client with a connection pool against a real MEF listener (TLS-PSK over sockets on 127.0.0.1). */
class MefConnectionPoolTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Short, so that the MEF closes an idle connection while the client still keeps it. */
    private static final Duration MEF_IDLE_TIMEOUT = Duration.ofMillis(300);

    private final TestMef mef = startMef();

    private static TestMef startMef() {
        try {
            return new TestMef(new InMemoryKeyRegistrationStore(), new InMemoryAuditLog(), ListenerSettings
                    .defaults(TestMef.FQDN, 0).withBindAddress("127.0.0.1")
                    .withTimeouts(Duration.ofSeconds(5), MEF_IDLE_TIMEOUT));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        mef.close();
    }

    private static KeyRegistrationRequest registration() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new KeyRegistrationRequest(Suid.END_TO_END_DATA, List.of(TestMef.APP_A_ID), MefKeyValue.of(key),
                Optional.empty(), List.of("pool-test"));
    }

    @Test
    void requestsOneAfterTheOtherShareOneConnection() throws Exception {
        try (MefConnectionPool pool = new MefConnectionPool(4, Duration.ofSeconds(30))) {
            MefClient client = mef.source(pool);
            for (int i = 0; i < 5; i++) {
                KeyIdentifier keyId = client.register(registration()).keyId();
                assertThat(mef.appA().retrieve(keyId).keyId()).isEqualTo(keyId);
            }
            // 5 through the pool on one connection, 5 retrievals by the application without a pool.
            assertThat(mef.connectionsOpened).hasValue(1 + 5);
            assertThat(pool.idleCount()).isEqualTo(1);
        }
    }

    @Test
    void withoutAPoolEveryRequestHasAConnectionOfItsOwn() throws Exception {
        MefClient client = mef.source();
        client.register(registration());
        client.register(registration());
        assertThat(mef.connectionsOpened).hasValue(2);
    }

    @Test
    void aConnectionTheMefClosedWhileIdleIsReplacedWithoutAFailure() throws Exception {
        try (MefConnectionPool pool = new MefConnectionPool(4, Duration.ofSeconds(30))) {
            MefClient client = mef.source(pool);
            client.register(registration());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // The MEF ends the connection once it has waited MEF_IDLE_TIMEOUT for a request.
            while (mef.activeConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(mef.activeConnections()).as("the MEF ended the idle connection").isZero();
            assertThat(pool.idleCount()).as("the client still holds it").isEqualTo(1);

            KeyIdentifier keyId = client.register(registration()).keyId();

            assertThat(mef.appA().retrieve(keyId).keyId()).isEqualTo(keyId);
            assertThat(mef.connectionsOpened).as("the stale one, its replacement, the retrieval").hasValue(3);
        }
    }

    @Test
    void aConnectionIdleLongerThanTheClientsTimeoutIsNotReused() throws Exception {
        try (MefConnectionPool pool = new MefConnectionPool(4, Duration.ofNanos(1))) {
            MefClient client = mef.source(pool);
            client.register(registration());
            client.register(registration());
            assertThat(mef.connectionsOpened).hasValue(2);
        }
    }

    @Test
    void aClosedPoolKeepsNothing() throws Exception {
        MefConnectionPool pool = new MefConnectionPool(4, Duration.ofSeconds(30));
        mef.source(pool).register(registration());
        assertThat(pool.idleCount()).isEqualTo(1);
        pool.close();
        assertThat(pool.idleCount()).isZero();
        mef.source(pool).register(registration());
        assertThat(pool.idleCount()).as("given back after the close: closed, not kept").isZero();
    }

    @Test
    void badPoolSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new MefConnectionPool(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new MefConnectionPool(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
