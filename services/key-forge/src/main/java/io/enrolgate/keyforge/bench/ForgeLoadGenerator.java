package io.enrolgate.keyforge.bench;

import com.google.protobuf.ByteString;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.hpke.HpkePrivateKey;
import io.enrolgate.common.mqtt.MqttRequester;
import io.enrolgate.common.mqtt.MqttSession;
import io.enrolgate.common.mqtt.MqttSettings;
import io.enrolgate.common.mqtt.RequestResponse;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.keyforge.app.KeyForgeConfig;
import io.enrolgate.keyforge.app.KeyForgeService;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of {@code enrolgate bench forge}: registers devices, starts K key-forge replicas
 * in this process on one shared subscription, publishes EG Requests through the broker at a fixed rate
 * from several gateways, and measures each request from its publish to its response.
 *
 * <p>Requests are spread over {@value #GATEWAYS} gateways and the registered devices; each has a fresh
 * request id, so every answer is a newly forged key (no replays).
 */
public final class ForgeLoadGenerator {
    private static final int GATEWAYS = 10;
    private static final long TICK_MILLIS = 5;
    private static final InstallCode INSTALL_CODE = InstallCode.parse("83FED3407A939723A5C639B26916D505C3B5");
    private static final IeeeAddress FIRST_DEVICE = IeeeAddress.parse("000D6FBE00000000");
    private static final IeeeAddress FIRST_GATEWAY = IeeeAddress.parse("000D6FBEEF000000");

    private final String brokerUri;
    private final BenchDatabases databases;
    private final int devices;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param brokerUri the broker the replicas and the generator connect to (MQTT v5 with shared subscriptions)
     * @param database the registry database, which must be fresh (one run only)
     * @param devices how many devices to spread the requests over
     * @param timeout how long a request may wait for its answer
     */
    public ForgeLoadGenerator(String brokerUri, DatabaseConfig database, int devices, Duration timeout) {
        this(brokerUri, BenchDatabases.given(database), devices, timeout);
    }

    /** As above, with a fresh database from {@code databases} for every run. */
    public ForgeLoadGenerator(String brokerUri, BenchDatabases databases, int devices, Duration timeout) {
        this.brokerUri = brokerUri;
        this.databases = databases;
        this.devices = devices;
        this.timeout = timeout;
    }

    /** Runs {@code rate} requests/s for {@code duration} against {@code replicas} fresh replicas. Blocks. */
    public LoadReport run(int rate, Duration duration, int replicas) throws Exception {
        return run(rate, duration, replicas, Duration.ZERO);
    }

    /**
     * As {@link #run(int, Duration, int)}, after {@code warmup} at the same rate whose requests are answered but
     * not counted: the JIT compiles the hot paths, pools and sessions fill, and the figures describe the steady
     * state rather than the first seconds of a new JVM.
     */
    public LoadReport run(int rate, Duration duration, int replicas, Duration warmup) throws Exception {
        byte[] kek = new byte[32];
        random.nextBytes(kek);
        String kekHex = HexFormat.of().formatHex(kek);
        try (BenchDatabases.Fresh fresh = databases.next();
                RegistryStore store = new RegistryStoreBuilder().database(fresh.config())
                        .keyEncryptionKey(KeyEncryptionKey.parse(kekHex, "the bench's key")).build()) {
            DatabaseConfig database = fresh.config();
            registerDevices(store, database);
            Vertx vertx = Vertx.vertx();
            List<KeyForgeService> started = new ArrayList<>();
            String runId = Long.toHexString(random.nextLong());
            try {
                HpkePrivateKey provisioning = HpkePrivateKey.generate(random);
                for (int i = 0; i < replicas; i++) {
                    started.add(KeyForgeService.start(vertx, config("bench-" + runId + "-" + i, database, kekHex,
                                    provisioning))
                            .await(120, TimeUnit.SECONDS));
                }
                return drive(runId, rate, duration, replicas, warmup, database);
            } finally {
                for (KeyForgeService replica : started) {
                    replica.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private LoadReport drive(String runId, int rate, Duration duration, int replicas, Duration warmup,
            DatabaseConfig database) throws Exception {
        MqttSession session = MqttSession.create(MqttSettings.of(brokerUri, "bench-gateways-" + runId)
                .withReceiveMaximum(65_535));
        try {
            session.connect().get(30, TimeUnit.SECONDS);
            MqttRequester requester = MqttRequester.start(session, "bench/" + runId + "/responses").get(30, TimeUnit.SECONDS);
            if (!warmup.isZero()) {
                phase(requester, rate, warmup, 0);
            }
            long cpuBefore = processCpuNanos();
            Phase measured = phase(requester, rate, duration, warmup.toSeconds() * rate);
            long cpu = processCpuNanos() - cpuBefore;
            LatencyRecorder latencies = measured.latencies;
            double seconds = (Math.max(measured.lastAnswer.get(), measured.start) - measured.start) / 1e9;
            double cpuPerEnrolment = cpuBefore < 0 || latencies.count() == 0 ? Double.NaN
                    : cpu / 1e6 / latencies.count();
            return new LoadReport(rate, replicas, database.kind().name(), measured.sent.get(), latencies.count(),
                    measured.issued.get(), measured.unanswered.get(), seconds, latencies.percentileMillis(50),
                    latencies.percentileMillis(90), latencies.percentileMillis(99), latencies.percentileMillis(100),
                    warmup.toSeconds(), cpuPerEnrolment);
        } finally {
            session.close();
        }
    }

    /** CPU time of this JVM (the generator and the replicas), or -1 where the JVM does not tell. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** What one phase of a run saw. */
    private static final class Phase {
        final LatencyRecorder latencies = new LatencyRecorder();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong issued = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong lastAnswer = new AtomicLong();
        long start;
    }

    /**
     * Publishes {@code rate} requests/s for {@code duration} (request numbers from {@code firstRequest}), then
     * waits for every answer or its timeout.
     */
    private Phase phase(MqttRequester requester, int rate, Duration duration, long firstRequest) throws Exception {
        Phase phase = new Phase();
        List<CompletableFuture<?>> all = new ArrayList<>();
        long total = (long) rate * duration.toSeconds();
        phase.start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> allSent = new CompletableFuture<>();
        ticker.scheduleAtFixedRate(() -> {
            long due = Math.min(total, (System.nanoTime() - phase.start) * rate / 1_000_000_000L);
            while (phase.sent.get() < due) {
                long n = firstRequest + phase.sent.getAndIncrement();
                long published = System.nanoTime();
                EgRequest request = request(n);
                CompletableFuture<?> answer = requester.request(EnrolgateTopics.request(new IeeeAddress(request.getGatewayIeee())),
                        request.toByteArray(), request.getRequestId().toByteArray(), RequestResponse.PROTOBUF, timeout)
                        .whenComplete((response, failure) -> {
                            if (failure != null) {
                                phase.unanswered.incrementAndGet();
                                return;
                            }
                            long now = System.nanoTime();
                            phase.latencies.record(now - published);
                            phase.lastAnswer.accumulateAndGet(now, Math::max);
                            if (isIssued(response.payload())) {
                                phase.issued.incrementAndGet();
                            }
                        });
                synchronized (all) {
                    all.add(answer);
                }
            }
            if (phase.sent.get() >= total) {
                allSent.complete(null);
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        try {
            allSent.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
        } finally {
            ticker.shutdownNow();
        }
        CompletableFuture<?>[] waiting;
        synchronized (all) {
            waiting = all.toArray(CompletableFuture[]::new);
        }
        CompletableFuture.allOf(waiting).handle((ok, failure) -> null).get(timeout.toSeconds() + 30, TimeUnit.SECONDS);
        return phase;
    }

    private static boolean isIssued(byte[] payload) {
        try {
            return EgResponse.parseFrom(payload).getResultCase() == EgResponse.ResultCase.NWK_FRAME;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    private EgRequest request(long n) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return EgRequest.newBuilder()
                .setRequestId(ByteString.copyFrom(id))
                .setGatewayIeee(FIRST_GATEWAY.value() + n % GATEWAYS)
                .setPanId(0x1A62)
                .setDeviceIeee(FIRST_DEVICE.value() + n % devices)
                .setDeviceShort(0x0100 + (int) (n % 0xF000))
                .setCapabilityInformation(0x80)
                .setReceivedUnixMs(System.currentTimeMillis())
                .build();
    }

    /** The devices' secrets are encrypted under this run's key-encryption key, so the database must be fresh. */
    private void registerDevices(RegistryStore store, DatabaseConfig database) {
        if (store.findDevice(FIRST_DEVICE).isPresent()) {
            throw new IllegalArgumentException("the database " + database + " already holds bench devices: the bench"
                    + " needs a fresh database each run");
        }
        List<NewDevice> bench = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            bench.add(new NewDevice(new IeeeAddress(FIRST_DEVICE.value() + i), INSTALL_CODE, List.of("Cbench"),
                    Map.of("bench", "forge")));
        }
        store.addDevices(bench);
    }

    private KeyForgeConfig config(String instanceId, DatabaseConfig database, String kekHex, HpkePrivateKey provisioning) {
        Map<String, String> values = new HashMap<>();
        values.put("instance-id", instanceId);
        values.put("mqtt.server-uri", brokerUri);
        values.put("mqtt.receive-maximum", "256");
        values.put("database.url", database.jdbcUrl());
        values.put("database.user", database.user());
        values.put("database.password", database.password());
        values.put("database.pool-size", "8");
        values.put("registry.kek", kekHex);
        values.put("provisioning.public-key", provisioning.publicKey().toBase64());
        values.put("forge.workers", "8");
        values.put("http.host", "127.0.0.1");
        values.put("http.port", "0");
        return KeyForgeConfig.from(ServiceConfig.of(values, Map.of()));
    }
}
