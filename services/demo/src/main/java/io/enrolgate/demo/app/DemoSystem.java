package io.enrolgate.demo.app;

import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.demo.core.DemoPlan;
import io.enrolgate.demo.core.DemoProgress;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import io.enrolgate.keyforge.app.KeyForgeService;
import io.enrolgate.mef.app.MefServer;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.provisioning.app.ProvisioningConfig;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.serialbridge.app.SerialBridgeConfig;
import io.enrolgate.serialbridge.app.SerialBridgeService;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.zigbee.IeeeAddress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every part of the one-process system, started in order and stopped in reverse by {@link #close()}:
 * in this JVM the broker (HiveMQ CE), the MEF, the H2 registry (its devices registered), two key-forge
 * replicas on one shared subscription, provisioning, the serial-bridge and the oneM2M application; as
 * processes the radio capture, the gateway simulator and, when installed, the ACME CSE. The device simulator
 * is started by {@link Demo} once this is all up.
 */
final class DemoSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSystem.class);
    static final String MEF_FQDN = "localhost";
    static final String APPLICATION_AE_ID = "CEnrolgateDemoApp";
    static final String APPLICATION_KPM_ID = "kpm-demo-app";
    static final String PROVISIONING_KPM_ID = "kpm-provisioning";
    static final IeeeAddress GATEWAY_IEEE = new IeeeAddress(0x00124B0001020304L);
    static final int PAN_ID = 0x1A62;
    static final int CHANNEL = 15;
    static final int KEY_FORGE_REPLICAS = 2;
    private static final long START_SECONDS = 120;
    private static final Duration BRIDGE_READY = Duration.ofSeconds(30);
    private static final Duration ACME_STOP_GRACE = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final DemoOptions options;
    private final Path runDirectory;
    private final Path logs;
    private final PrintWriter out;
    private final DemoSecrets secrets = new DemoSecrets(new SecureRandom());

    EmbeddedBroker broker;
    MefServer mef;
    Optional<AcmeCse> cse = Optional.empty();
    DatabaseConfig registryDatabase;
    private DemoServiceConfiguration configuration;
    Vertx vertx;
    final List<KeyForgeService> forges = new ArrayList<>();
    Optional<ProvisioningService> provisioning = Optional.empty();
    OneM2mApplication application;
    SimulatedRadio radio;
    Path uart;
    SerialBridgeService bridge;
    private boolean closed;

    DemoSystem(DemoOptions options, Path runDirectory, Path logs, PrintWriter out) {
        this.options = options;
        this.runDirectory = runDirectory;
        this.logs = logs;
        this.out = out;
    }

    /** Starts the services (not yet the radio side). On failure what started is stopped again by {@link #close()}. */
    void startServices(DemoPlan plan, DemoProgress progress, Optional<Path> acmeExecutable) throws Exception {
        broker = EmbeddedBroker.start(runDirectory.resolve("broker"), FreePorts.tcp());
        running.push(broker);
        step("MQTT v5 broker (HiveMQ CE, embedded)", broker.serverUri());

        mef = MefServer.start(DemoServiceConfiguration.mef(runDirectory.resolve("mef/mef"), secrets));
        running.push(mef);
        step("MEF (TS-0003 Mmef, HTTPS TLS-PSK, generated PSKs)", mefUrl());

        if (acmeExecutable.isPresent()) {
            // In memory, at info level, with this run's own secret; stopped in order by close(), not by a hook.
            AcmeCse started = AcmeCse.start(acmeExecutable.get(), new AcmeCse.Settings(runDirectory.resolve("cse"),
                    AcmeCse.Storage.MEMORY, "info", "enrolgate-demo-" + UUID.randomUUID(), logs.resolve("acme-cse.log"),
                    ACME_STOP_GRACE, false));
            running.push(started);
            cse = Optional.of(started);
            step("oneM2M CSE (ACME " + acmeExecutable.get().getParent().getParent().getParent().getFileName() + ")",
                    started.pointOfAccess().toString());
        }

        String h2Options = options.keepRunning() ? ";AUTO_SERVER=TRUE" : "";
        registryDatabase = new DatabaseConfig("jdbc:h2:file:" + runDirectory.resolve("registry/registry").toAbsolutePath()
                + h2Options, "enrolgate", "", 10);
        registerDevices(plan);
        configuration = new DemoServiceConfiguration(broker.serverUri(), registryDatabase, secrets);
        step("device registry (H2, embedded)", plan.size() == 0 ? "no devices yet (enrolgate device add: see below)"
                : plan.size() + " devices registered with fresh install codes, target " + APPLICATION_AE_ID);

        vertx = Vertx.vertx();
        running.push(() -> vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        startKeyForges();
        startProvisioning();

        application = OneM2mApplication.start(mqtt("demo-onem2m-application"),
                new MefClient(MefClientSettings.of(mefUrl(), MEF_FQDN, APPLICATION_KPM_ID, secrets.applicationPsk)),
                progress);
        running.push(application);
        step("oneM2M application (MEF client " + APPLICATION_AE_ID + ")", "follows " + EnrolgateTopics.EVENTS_FILTER);
    }

    private void registerDevices(DemoPlan plan) {
        try (RegistryStore store = new RegistryStoreBuilder().database(registryDatabase.withMaximumPoolSize(2))
                .keyEncryptionKey(secrets.registryKek).build()) {
            List<NewDevice> devices = new ArrayList<>();
            for (PlannedDevice device : plan.devices()) {
                devices.add(new NewDevice(device.ieee(), device.registeredCode(), List.of(APPLICATION_AE_ID),
                        Map.of("source", "enrolgate-demo")));
            }
            store.addDevices(devices);
        }
    }

    private void startKeyForges() throws Exception {
        List<Future<KeyForgeService>> starting = new ArrayList<>();
        for (int i = 1; i <= KEY_FORGE_REPLICAS; i++) {
            String instance = "demo-" + i;
            Map<String, String> values = configuration.keyForge(instance);
            starting.add(KeyForgeService.start(vertx, KeyForgeConfig.from(ServiceConfig.of(values, Map.of()))));
        }
        for (Future<KeyForgeService> future : starting) {
            KeyForgeService forge = future.await(START_SECONDS, TimeUnit.SECONDS);
            forges.add(forge);
            running.push(() -> forge.stop().await(30, TimeUnit.SECONDS));
        }
        step("key-forge × " + KEY_FORGE_REPLICAS + " (one shared subscription)", "health/metrics on ports "
                + forges.stream().map(f -> Integer.toString(f.httpPort())).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    private void startProvisioning() throws Exception {
        Map<String, String> values = configuration.provisioning(
                DatabaseConfig.h2File(runDirectory.resolve("provisioning/provisioning")).jdbcUrl(), mefUrl(), cse);
        ProvisioningConfig config = ProvisioningConfig.from(ServiceConfig.of(values, Map.of()));
        ProvisioningService service = ProvisioningService.start(vertx, config).await(START_SECONDS, TimeUnit.SECONDS);
        provisioning = Optional.of(service);
        running.push(() -> service.stop().await(30, TimeUnit.SECONDS));
        if (cse.isPresent()) {
            step("provisioning (MEF Key Registration, nodes in the CSE)", "health/metrics on port " + service.httpPort());
        } else {
            step("provisioning (MEF Key Registration; no CSE step)", "no oneM2M CSE on this machine (ACME not installed);"
                    + " health/metrics on port " + service.httpPort());
        }
    }

    /** The radio side: the capture, the gateway (simulator, or the real one on --serial) and the serial-bridge. */
    void startRadio(FirmwareTools.Binaries firmware) throws Exception {
        if (options.simulatesDevices()) {
            Path pcap = options.pcap().toAbsolutePath();
            if (pcap.getParent() != null) {
                java.nio.file.Files.createDirectories(pcap.getParent());
            }
            radio = SimulatedRadio.start(firmware, Optional.of(pcap), logs, GATEWAY_IEEE, PAN_ID, CHANNEL);
            running.push(radio);
            uart = radio.uart();
            step("radio capture (zep-capture)", options.pcap().toString());
            step("gateway firmware (POSIX simulator, ZEP medium)", "UART on " + uart + ", PAN "
                    + String.format(Locale.ROOT, "%04x", PAN_ID) + ", channel " + CHANNEL);
        } else {
            uart = options.serial().orElseThrow();
        }
        Map<String, String> values = configuration.serialBridge(uart);
        SerialBridgeConfig config = SerialBridgeConfig.from(ServiceConfig.of(values, Map.of()));
        bridge = SerialBridgeService.start(vertx, config).await(START_SECONDS, TimeUnit.SECONDS);
        running.push(() -> bridge.stop().await(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + BRIDGE_READY.toNanos();
        while (!bridge.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the serial-bridge is not ready after " + BRIDGE_READY.toSeconds()
                        + " s (port open " + bridge.bridge().isPortOpen() + ", gateway HELLO " + bridge.bridge().helloSeen()
                        + "); " + (radio != null ? "gateway simulator: " + radio.gateway().tail() : "is a gateway on " + uart + "?"));
            }
            Thread.sleep(20);
        }
        step("serial-bridge (in-process, jSerialComm)", "on " + uart + ", gateway " + bridge.bridge().gateway().ieee()
                .toTopicHex() + ", health/metrics on port " + bridge.httpPort());
    }

    private MqttSettings mqtt(String clientId) {
        return MqttSettings.of(broker.serverUri(), clientId).withMaxReconnectDelay(Duration.ofSeconds(1));
    }

    String mefUrl() {
        return "https://127.0.0.1:" + mef.mmefPort();
    }

    /** What a user needs to reach the running system (with --keep-running). */
    List<String> endpoints() throws IOException {
        return DemoEndpoints.describe(this, options, runDirectory, secrets);
    }

    private void step(String what, String detail) {
        LOG.info("demo: {} — {}", what, detail);
        out.printf(Locale.ROOT, "  %-53s %s%n", what, detail);
        out.flush();
    }

    /** Stops everything that was started, the last first; never throws. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!running.isEmpty()) {
            AutoCloseable part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("demo: stopping a part failed: {}", e.toString());
            }
        }
    }
}
