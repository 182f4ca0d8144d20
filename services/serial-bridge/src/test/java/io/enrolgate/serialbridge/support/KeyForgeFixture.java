package io.enrolgate.serialbridge.support;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import io.enrolgate.keyforge.app.KeyForgeService;
import io.enrolgate.keyforge.core.ForgeSettings;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real key-forge (services/key-forge) on a broker, with its registry in an in-memory H2 database and the
 * provisioning key pair held here, so that tests can open the sealed key deliveries.
 */
public final class KeyForgeFixture implements AutoCloseable {
    private final KeyEncryptionKey kek = KeyEncryptionKey.generate(new SecureRandom());
    private final HpkePrivateKey provisioning = HpkePrivateKey.generate(new SecureRandom());
    private final DatabaseConfig database =
            DatabaseConfig.h2InMemory("bridge_" + UUID.randomUUID().toString().replace("-", ""));
    private final KeyForgeService service;

    private KeyForgeFixture(Vertx vertx, String brokerUri) throws Exception {
        // The registry schema exists before the first device is registered.
        openStore().close();
        KeyForgeConfig config = new KeyForgeConfig("forge-test",
                MqttSettings.of(brokerUri, "key-forge-" + UUID.randomUUID()).withMaxReconnectDelay(Duration.ofSeconds(1)),
                database, kek, provisioning.publicKey(), new ForgeSettings("forge-test", 512), 2, 100,
                "127.0.0.1", 0);
        service = KeyForgeService.start(vertx, config).await(60, TimeUnit.SECONDS);
    }

    public static KeyForgeFixture start(Vertx vertx, String brokerUri) {
        try {
            return new KeyForgeFixture(vertx, brokerUri);
        } catch (Exception e) {
            throw new IllegalStateException("key-forge did not start: " + e.getMessage(), e);
        }
    }

    /** Registers the devices (active, with their install codes) in key-forge's registry. */
    public void register(List<SimulatedDevice> devices) {
        try (RegistryStore store = openStore()) {
            for (SimulatedDevice device : devices) {
                store.addDevice(new NewDevice(device.ieee(), device.installCode(), List.of("Capp"), Map.of()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot register devices: " + e.getMessage(), e);
        }
    }

    public HpkePrivateKey provisioningKey() {
        return provisioning;
    }

    public KeyForgeService service() {
        return service;
    }

    private RegistryStore openStore() {
        return new RegistryStoreBuilder().database(database.withMaximumPoolSize(2)).keyEncryptionKey(kek).build();
    }

    @Override
    public void close() {
        try {
            service.stop().await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("key-forge fixture did not stop cleanly: " + e);
        }
    }
}
