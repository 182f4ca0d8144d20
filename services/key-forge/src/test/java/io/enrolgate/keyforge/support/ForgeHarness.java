package io.enrolgate.keyforge.support;

import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.mqtt.InboundMessage;
import io.enrolgate.common.mqtt.MqttRequester;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import io.enrolgate.keyforge.app.KeyForgeService;
import io.enrolgate.keyforge.core.ForgeResult;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * key-forge replicas on a real broker and database, a gateway-side requester, and an observer that
 * records every message published on the broker ({@code #}).
 */
public final class ForgeHarness implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MosquittoProcess broker;
    private final DatabaseConfig database;
    private final String kekHex;
    private final HpkePrivateKey provisioning = HpkePrivateKey.generate(RANDOM);
    private final Vertx vertx = Vertx.vertx();
    private final RegistryStore seedStore;
    private final List<KeyForgeService> replicas = new ArrayList<>();
    private final List<MqttSession> sessions = new ArrayList<>();
    private final List<InboundMessage> observed = new CopyOnWriteArrayList<>();
    private final MqttSession requesterSession;
    private final MqttRequester requester;

    public ForgeHarness(MosquittoProcess broker, DatabaseConfig database, int devices) throws Exception {
        this.broker = broker;
        this.database = database;
        byte[] kek = new byte[32];
        RANDOM.nextBytes(kek);
        this.kekHex = HexFormat.of().formatHex(kek);
        this.seedStore = TestDevices.openStore(database, KeyEncryptionKey.parse(kekHex, "test"));
        TestDevices.register(seedStore, devices);

        MqttSession observer = session("observer-" + RANDOM.nextInt(1_000_000));
        observer.subscribe("#", 1, message -> {
            observed.add(message);
            return CompletableFuture.completedFuture(null);
        });
        await(observer.connect());
        requesterSession = session("gateway-" + RANDOM.nextInt(1_000_000));
        await(requesterSession.connect());
        requester = await(MqttRequester.start(requesterSession, "test/gateway/" + RANDOM.nextInt(1_000_000) + "/responses"));
    }

    public MqttSession session(String clientId) {
        MqttSession session = MqttSession.create(MqttSettings.of(broker.serverUri(), clientId).withReceiveMaximum(200));
        sessions.add(session);
        return session;
    }

    /** The configuration a replica gets, as an operator would write it (keys and environment-style values). */
    public KeyForgeConfig config(String instanceId) {
        return config(instanceId, Map.of());
    }

    /** As {@link #config(String)} with some keys overridden, as an operator's environment would. */
    public KeyForgeConfig config(String instanceId, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("instance-id", instanceId);
        values.put("mqtt.server-uri", broker.serverUri());
        values.put("mqtt.receive-maximum", "100");
        values.put("database.url", database.jdbcUrl());
        values.put("database.user", database.user());
        values.put("database.password", database.password());
        values.put("database.pool-size", "4");
        values.put("registry.kek", kekHex);
        values.put("provisioning.public-key", provisioning.publicKey().toBase64());
        values.put("forge.workers", "4");
        values.put("forge.counter-block-size", "50");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        Map<String, String> environment = new HashMap<>();
        overrides.forEach((key, value) -> environment.put(ServiceConfig.environmentVariable(key), value));
        return KeyForgeConfig.from(ServiceConfig.of(values, environment));
    }

    public KeyForgeService startReplica(String instanceId) throws Exception {
        return startReplica(instanceId, Map.of());
    }

    public KeyForgeService startReplica(String instanceId, Map<String, String> overrides) throws Exception {
        return startReplica(instanceId, overrides, result -> {
        });
    }

    /** With a fault hook: see {@link KeyForgeService#start(Vertx, KeyForgeConfig, Consumer)}. */
    public KeyForgeService startReplica(String instanceId, Map<String, String> overrides,
            Consumer<ForgeResult> beforePublish) throws Exception {
        KeyForgeService replica = KeyForgeService.start(vertx, config(instanceId, overrides), beforePublish)
                .toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        replicas.add(replica);
        return replica;
    }

    public CompletableFuture<InboundMessage> send(EgRequest request) {
        return send(request.toByteArray(), request.getRequestId().toByteArray(), TestDevices.GATEWAY);
    }

    /** Sends as a gateway would: again with the same request id after each {@code attempt} without an answer. */
    public CompletableFuture<InboundMessage> sendRetrying(EgRequest request, Duration attempt, int attempts) {
        CompletableFuture<InboundMessage> answer = requester.request(EnrolgateTopics.request(TestDevices.GATEWAY),
                request.toByteArray(), request.getRequestId().toByteArray(), RequestResponse.PROTOBUF, attempt);
        return attempts <= 1 ? answer : answer.exceptionallyCompose(timedOut -> sendRetrying(request, attempt, attempts - 1));
    }

    /** Stops a replica cleanly (it leaves the shared subscription); it is not stopped again by {@link #close()}. */
    public void stopReplica(KeyForgeService replica) throws Exception {
        replicas.remove(replica);
        replica.stop().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Kills a replica as a crash would (see {@link KeyForgeService#crash()}). */
    public void crashReplica(KeyForgeService replica) throws Exception {
        replicas.remove(replica);
        replica.crash().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    public CompletableFuture<InboundMessage> send(byte[] payload, byte[] correlation, io.enrolgate.zigbee.IeeeAddress gateway) {
        return requester.request(EnrolgateTopics.request(gateway), payload, correlation, RequestResponse.PROTOBUF, TIMEOUT);
    }

    public String responseTopic() {
        return requester.responseTopic();
    }

    public MqttSession requesterSession() {
        return requesterSession;
    }

    public HpkePrivateKey provisioningKey() {
        return provisioning;
    }

    public RegistryStore store() {
        return seedStore;
    }

    public List<InboundMessage> observed() {
        return List.copyOf(observed);
    }

    public List<InboundMessage> observedOn(String topic) {
        return observed.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    public Vertx vertx() {
        return vertx;
    }

    public static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits (bounded) until {@code condition} holds: for messages still on their way through the broker. */
    public static void eventually(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        for (KeyForgeService replica : replicas) {
            replica.stop().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        sessions.forEach(MqttSession::close);
        seedStore.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
}
