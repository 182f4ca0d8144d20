package io.enrolgate.provisioning.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.hpke.KeyDeliverySeal;
import io.enrolgate.common.hpke.KeySealer;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.mef.app.MefConfig;
import io.enrolgate.mef.app.MefServer;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.tls.PreSharedKey;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.KeyDelivery;
import io.enrolgate.provisioning.app.ProvisioningConfig;
import io.enrolgate.provisioning.app.ProvisioningService;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.enrolment.Enrolment;
import io.enrolgate.registry.enrolment.RequestId;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.installcode.InstallCode;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Everything provisioning talks to, real and on this machine: a Mosquitto broker, a MEF (MefServer over TLS-PSK,
 * H2 file), the ACME CSE, and the device registry (H2 file). It issues keys as key-forge does (an enrolment
 * recorded in the registry, the key sealed with HPKE to provisioning's public key in a KeyDelivery) and watches
 * the enrolment events.
 */
public final class TestWorld implements AutoCloseable {
    public static final String MEF_FQDN = "mef.enrolgate.test";
    public static final String TARGET = "CApp01";
    public static final IeeeAddress GATEWAY = IeeeAddress.parse("000D6F00AABBCCDD");
    public static final InstallCode INSTALL_CODE = InstallCode.parse("83FED3407A939723A5C639B26916D505C3B5");
    private static final String SOURCE_KPM_ID = "kpm-provisioning";
    private static final String TARGET_KPM_ID = "kpm-app01";
    private static final String SOURCE_PSK = "00112233445566778899aabbccddeeff";
    private static final String TARGET_PSK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    public final MosquittoProcess broker;
    public final AcmeCse cse;
    public final Vertx vertx = Vertx.vertx();
    private final byte[] kekBytes = randomBytes(32);
    private final byte[] privateKeyBytes = randomBytes(32);
    public final KeyEncryptionKey registryKek = KeyEncryptionKey.of(kekBytes);
    public final HpkePrivateKey provisioningKey = HpkePrivateKey.of(privateKeyBytes);
    public final RegistryStore registry;
    private final KeySealer sealer;
    private final String mefDatabaseUrl;
    private final MqttSession observer;
    private final ConcurrentLinkedQueue<EnrolmentEvent> events = new ConcurrentLinkedQueue<>();
    private final List<String> eventPayloads = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** When each enrolment's first event of each state arrived (System.nanoTime), for latency figures. */
    private final Map<String, Long> firstArrivals = new java.util.concurrent.ConcurrentHashMap<>();
    private MefServer mef;
    private int mefPort;
    private Duration mefReapInterval = Duration.ofSeconds(1);

    public TestWorld(Path directory) throws Exception {
        this.directory = directory;
        this.broker = MosquittoProcess.startAnonymous();
        this.cse = AcmeCse.start(directory.resolve("acme"));
        this.mefDatabaseUrl = "jdbc:h2:file:" + directory.resolve("mef").toAbsolutePath();
        startMef();
        this.registry = new RegistryStoreBuilder().database(registryDatabase()).keyEncryptionKey(registryKek).build();
        this.sealer = new KeySealer(provisioningKey.publicKey(), KeyDeliverySeal.INFO);
        this.observer = MqttSession.create(MqttSettings.of(broker.serverUri(), "test-observer-" + UUID.randomUUID()));
        observer.subscribe(EnrolgateTopics.EVENTS_FILTER, 1, message -> {
            String json = new String(message.payload(), StandardCharsets.UTF_8);
            eventPayloads.add(json);
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            try {
                JsonFormat.parser().merge(json, event);
                firstArrivals.putIfAbsent(event.getEnrolmentId() + "/" + event.getState(), System.nanoTime());
                events.add(event.build());
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("an event is not canonical EnrolmentEvent JSON: " + json, e);
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        });
        observer.connect().get(30, TimeUnit.SECONDS);
    }

    public DatabaseConfig registryDatabase() {
        return DatabaseConfig.of("jdbc:h2:file:" + directory.resolve("registry").toAbsolutePath(), "enrolgate", "");
    }

    // ---- the MEF

    public synchronized void startMef() throws Exception {
        if (mef != null) {
            return;
        }
        Map<String, String> values = Map.ofEntries(
                Map.entry("mef.fqdn", MEF_FQDN),
                Map.entry("mef.bind-address", "127.0.0.1"),
                Map.entry("mef.port", Integer.toString(mefPort)),
                Map.entry("mef.reap-interval", mefReapInterval.toMillis() + "ms"),
                Map.entry("admin.bind-address", "127.0.0.1"),
                Map.entry("admin.port", "0"),
                Map.entry("database.url", mefDatabaseUrl),
                Map.entry("kek", HexFormat.of().formatHex(new byte[32])),
                Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", SOURCE_KPM_ID),
                Map.entry("client.provisioning.psk", SOURCE_PSK),
                Map.entry("client.provisioning.onem2m-id", "CEnrolgateProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.app.kpm-id", TARGET_KPM_ID),
                Map.entry("client.app.psk", TARGET_PSK),
                Map.entry("client.app.onem2m-id", TARGET));
        mef = MefServer.start(MefConfig.from(ServiceConfig.of(values, Map.of())));
        mefPort = mef.mmefPort();
    }

    public synchronized void stopMef() {
        if (mef != null) {
            mef.close();
            mef = null;
        }
    }

    /** The oneM2M application allowed to retrieve the keys (Target MEF Client). */
    public MefClient targetClient() {
        return new MefClient(MefClientSettings.of("https://127.0.0.1:" + mefPort, MEF_FQDN, TARGET_KPM_ID,
                PreSharedKey.fromHex(TARGET_PSK)));
    }

    public String mefUrl() {
        return "https://127.0.0.1:" + mefPort;
    }

    public String targetPskHex() {
        return TARGET_PSK;
    }

    public String targetKpmId() {
        return TARGET_KPM_ID;
    }

    /** The labels of every registration at the MEF that carries {@code enrolment:<id>}, read from its database. */
    public List<String> mefRegistrationsOf(UUID enrolmentId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(mefDatabaseUrl, "", "");
                PreparedStatement select = connection.prepareStatement(
                        "SELECT labels FROM mef_key_registration WHERE labels LIKE ?")) {
            select.setString(1, "%enrolment:" + enrolmentId + "%");
            List<String> labels = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    labels.add(rows.getString(1));
                }
            }
            return labels;
        }
    }

    // ---- provisioning

    /** provisioning's configuration against this world; {@code overrides} replace or add keys. */
    public ProvisioningConfig config(String instanceId, DatabaseConfig workDatabase, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.ofEntries(
                Map.entry("instance-id", instanceId),
                Map.entry("mqtt.server-uri", broker.serverUri()),
                Map.entry("mqtt.max-reconnect-delay", "1s"),
                Map.entry("database.url", workDatabase.jdbcUrl()),
                Map.entry("database.user", workDatabase.user()),
                Map.entry("database.password", workDatabase.password()),
                Map.entry("registry.database.url", registryDatabase().jdbcUrl()),
                Map.entry("registry.database.user", registryDatabase().user()),
                Map.entry("registry.kek", HexFormat.of().formatHex(kekBytes())),
                Map.entry("hpke.private-key", privateKeyText()),
                Map.entry("mef.url", mefUrl()),
                Map.entry("mef.fqdn", MEF_FQDN),
                Map.entry("mef.psk-identity", SOURCE_KPM_ID),
                Map.entry("mef.psk", SOURCE_PSK),
                Map.entry("mef.provisional-lifetime", "3s"),
                Map.entry("cse.url", cse.pointOfAccess().toString()),
                Map.entry("retry.initial-delay", "200ms"),
                Map.entry("retry.max-delay", "1s"),
                Map.entry("retry.max-attempts", "1000"),
                Map.entry("retry.poll-interval", "200ms"),
                Map.entry("retry.lease", "30s"),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", "0")));
        values.putAll(overrides);
        return ProvisioningConfig.from(ServiceConfig.of(values, Map.of()));
    }

    public ProvisioningService startProvisioning(ProvisioningConfig config) throws Exception {
        return ProvisioningService.start(vertx, config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    // ---- issuing keys as key-forge does

    /** A key issued to a device: what the device got, and the KeyDelivery key-forge published for it. */
    public record Issued(UUID enrolmentId, IeeeAddress device, SymmetricKey key, byte[] delivery) {
    }

    /** Registers {@code device} (target {@value #TARGET}) unless it is registered. */
    public void registerDevice(IeeeAddress device, List<String> targets) {
        if (registry.findDevice(device).isEmpty()) {
            registry.addDevice(new NewDevice(device, INSTALL_CODE, targets, Map.of()));
        }
    }

    /** Records an enrolment as key-forge does (KEY_ISSUED) and seals a fresh key to provisioning in a KeyDelivery. */
    public Issued issue(IeeeAddress device) {
        registerDevice(device, List.of(TARGET));
        byte[] keyBytes = new byte[SymmetricKey.LENGTH];
        RANDOM.nextBytes(keyBytes);
        SymmetricKey key = SymmetricKey.of(keyBytes);
        byte[] requestId = new byte[16];
        RANDOM.nextBytes(requestId);
        Instant now = Instant.now();
        Enrolment requested = Enrolment.requested(RequestId.of(requestId), device, GATEWAY, now);
        int keySequence = registry.nextKeySequence(device).orElseThrow();
        KeyDelivery delivery = KeyDelivery.newBuilder()
                .setEnrolmentId(requested.id().toString())
                .setDeviceIeee(device.value())
                .setKeySequence(keySequence)
                .setSealedKey(sealer.seal(keyBytes, KeyDeliverySeal.associatedData(requested.id().toString(),
                        device.value())))
                .setIssuedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                .setRequestId(ByteString.copyFrom(requestId))
                .build();
        // As key-forge records it: no key identifier yet (the MEF assigns it), the KeyDelivery in the outbox.
        registry.recordEnrolment(requested.withKeyIssued(1000 + RANDOM.nextInt(1000), keySequence, new byte[] {1, 2, 3},
                delivery.toByteArray(), now));
        return new Issued(requested.id(), device, key, delivery.toByteArray());
    }

    /** Publishes a KeyDelivery on its device's keys topic (QoS 1), as key-forge does. */
    public void publish(Issued issued) throws Exception {
        publishRaw(EnrolgateTopics.keys(issued.device()), issued.delivery());
    }

    public void publishRaw(String topic, byte[] payload) throws Exception {
        observer.publish(topic, payload, new org.eclipse.paho.mqttv5.common.packet.MqttProperties())
                .get(10, TimeUnit.SECONDS);
    }

    // ---- events

    public List<EnrolmentEvent> events(UUID enrolmentId) {
        return events.stream().filter(e -> e.getEnrolmentId().equals(enrolmentId.toString())).toList();
    }

    /** When (System.nanoTime) the first event of {@code state} of the enrolment arrived; empty before. */
    public java.util.OptionalLong firstArrival(UUID enrolmentId, EnrolmentEvent.State state) {
        Long at = firstArrivals.get(enrolmentId + "/" + state);
        return at == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(at);
    }

    public List<String> eventPayloads() {
        return List.copyOf(eventPayloads);
    }

    public EnrolmentEvent awaitEvent(UUID enrolmentId, EnrolmentEvent.State state, Duration timeout) {
        await("event " + state + " of enrolment " + enrolmentId, timeout,
                () -> events(enrolmentId).stream().anyMatch(e -> e.getState() == state));
        return events(enrolmentId).stream().filter(e -> e.getState() == state).findFirst().orElseThrow();
    }

    /** Waits, at most {@code timeout}, until {@code condition} holds; fails naming {@code what} otherwise. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** The registry's key-encryption key as configuration takes it (for key-forge). */
    public String registryKekHex() {
        return HexFormat.of().formatHex(kekBytes);
    }

    private byte[] kekBytes() {
        return kekBytes.clone();
    }

    private String privateKeyText() {
        return java.util.Base64.getEncoder().encodeToString(privateKeyBytes);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        try {
            observer.close();
        } catch (RuntimeException ignored) {
            // best effort
        }
        stopMef();
        registry.close();
        vertx.close();
        cse.close();
        broker.close();
    }
}
