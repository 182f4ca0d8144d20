package io.enrolgate.it;

import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.FreePorts;
import io.enrolgate.demo.app.SimulatedRadio;
import io.enrolgate.cli.broker.DynamicSecurityFile;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.CompletedCommand;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.testfixtures.PostgresProcess;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The distributed deployment on this machine, every part its own process: PostgreSQL (databases registry, mef,
 * provisioning), Mosquitto with one user per service and per gateway and the production roles
 * ({@code deploy/mosquitto/dynamic-security-roles.json}, read from the checkout), the ACME oneM2M CSE, then
 * {@code enrolgate serve mef}, {@code serve key-forge} twice, {@code serve provisioning}, and on the radio side
 * the capture, the gateway firmware's simulator and {@code serve serial-bridge} on its pseudo-terminal.
 *
 * <p>Configuration is as in deploy/compose: a properties file per service, secrets as files (key-encryption keys,
 * PSKs, provisioning's HPKE private key) or {@code ENROLGATE_*} variables (passwords). Logs stay in
 * {@code target/it-logs/} after the run (they are what the leak scan reads); secrets live in a temporary directory
 * that {@link #close()} removes.
 */
final class DistributedSystem implements AutoCloseable {
    static final String MEF_FQDN = "mef.enrolgate.test";
    static final String APPLICATION_AE_ID = "CIntegrationApp";
    static final String APPLICATION_KPM_ID = "kpm-integration-app";
    static final String PROVISIONING_KPM_ID = "kpm-provisioning";
    static final IeeeAddress GATEWAY = IeeeAddress.parse("00124b00e0000001");
    /** A second gateway with its own broker identity: the ACL must keep it away from the first one's topics. */
    static final IeeeAddress INTRUDER = IeeeAddress.parse("00124b00e0000002");
    /** The gateways the throughput measurement speaks for (each its own broker user, as real gateways). */
    static final List<IeeeAddress> LOAD_GATEWAYS = List.of(IeeeAddress.parse("00124b00bea00001"),
            IeeeAddress.parse("00124b00bea00002"), IeeeAddress.parse("00124b00bea00003"),
            IeeeAddress.parse("00124b00bea00004"));
    static final int PAN_ID = 0x1A62;
    static final int CHANNEL = 15;
    static final int KEY_FORGE_REPLICAS = 2;
    private static final Duration READY = Duration.ofSeconds(120);

    final Path logs = Repo.TARGET.resolve("it-logs");
    private final Path run;
    private final Path secrets;
    private final Path config;
    private final SecureRandom random = new SecureRandom();
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final PrintWriter out = new PrintWriter(System.out, true);
    private final long createdAt = System.nanoTime();

    FirmwareTools.Binaries firmware;
    PostgresProcess postgres;
    MosquittoProcess broker;
    AcmeCse cse;
    String registryUrl;
    String mefDatabaseUrl;
    String provisioningDatabaseUrl;
    byte[] registryKek;
    byte[] mefKek;
    byte[] provisioningPsk;
    byte[] applicationPsk;
    Path registryKekFile;
    Path applicationPskFile;
    String provisioningPublicKey;
    int mefPort;
    int mefAdminPort;
    EnrolgateProcess mef;
    final List<EnrolgateProcess> keyForges = new ArrayList<>();
    final List<Integer> keyForgePorts = new ArrayList<>();
    EnrolgateProcess provisioning;
    int provisioningPort;
    int mediumPort;
    Path pcap;
    SimulatedRadio radio;
    Path uart;
    EnrolgateProcess serialBridge;
    int serialBridgePort;

    DistributedSystem() throws IOException {
        deleteTree(logs);
        Files.createDirectories(logs);
        run = Files.createTempDirectory("enrolgate-it-");
        secrets = Files.createDirectories(run.resolve("secrets"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        config = Files.createDirectories(run.resolve("config"));
        for (String user : List.of("key-forge", "provisioning", "events", GATEWAY.toTopicHex(), INTRUDER.toTopicHex())) {
            passwords.put(user, hex(16));
        }
        LOAD_GATEWAYS.forEach(g -> passwords.put(g.toTopicHex(), hex(16)));
    }

    /** The broker password of {@code user}. */
    String password(String user) {
        return passwords.get(user);
    }

    /** The database: PostgreSQL, one database per service, as deploy/compose has them. */
    void startDatabase() {
        postgres = PostgresProcess.start();
        running.push(postgres);
        registryUrl = postgres.createDatabase("registry");
        mefDatabaseUrl = postgres.createDatabase("mef");
        provisioningDatabaseUrl = postgres.createDatabase("provisioning");
        step("PostgreSQL", "port " + postgres.port() + ", databases registry, mef, provisioning");
    }

    /**
     * Mosquitto with a user per service and per gateway, and the production roles: the dynamic-security file that
     * {@code enrolgate broker dynamic-security} makes from deploy/mosquitto/dynamic-security-roles.json.
     */
    void startBroker() throws IOException {
        broker = MosquittoProcess.builder().dynamicSecurity(dynamicSecurity(passwords)).start();
        running.push(broker);
        step("Mosquitto", broker.serverUri() + ", users " + String.join(", ", passwords.keySet())
                + ", roles deploy/mosquitto/dynamic-security-roles.json (dynamic-security plugin)");
    }

    /** The broker's users and roles as production has them, for these passwords (user name → password). */
    static String dynamicSecurity(Map<String, String> passwords) throws IOException {
        String template = Files.readString(Repo.HOME.resolve("deploy/mosquitto/dynamic-security-roles.json"),
                StandardCharsets.UTF_8);
        return DynamicSecurityFile.fromTemplate(template, new SecureRandom()).render(passwords);
    }

    void startCse() {
        cse = AcmeCse.start(run.resolve("cse"));
        running.push(cse);
        step("oneM2M CSE (ACME)", cse.pointOfAccess().toString());
    }

    /** Key-encryption keys, PSKs and provisioning's key pair ({@code enrolgate provisioning keygen}, as a process). */
    void makeSecrets() throws IOException {
        registryKek = bytes(32);
        mefKek = bytes(32);
        provisioningPsk = bytes(32);
        applicationPsk = bytes(32);
        registryKekFile = secret("registry-kek", HexFormat.of().formatHex(registryKek));
        secret("mef-kek", HexFormat.of().formatHex(mefKek));
        secret("mef-psk-provisioning", HexFormat.of().formatHex(provisioningPsk));
        applicationPskFile = secret("mef-psk-app", HexFormat.of().formatHex(applicationPsk));
        CompletedCommand keygen = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60),
                "provisioning", "keygen", "--private-key-file", secrets.resolve("provisioning-hpke-private").toString());
        if (keygen.exitStatus() != 0) {
            throw new IllegalStateException("enrolgate provisioning keygen failed: " + keygen.describe());
        }
        provisioningPublicKey = keygen.out().strip();
    }

    /** The environment of a command that opens the registry (`enrolgate device ...`). */
    Map<String, String> registryEnvironment() {
        return Map.of("ENROLGATE_DB_PASSWORD", postgres.password());
    }

    /** The options of a command that opens the registry. */
    List<String> registryOptions() {
        return List.of("--db-url", registryUrl, "--db-user", postgres.user(), "--kek-file", registryKekFile.toString());
    }

    /** A file in the secrets directory (mode 0600). */
    Path secret(String name, String text) throws IOException {
        Path file = secrets.resolve(name);
        Files.writeString(file, text + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    void startMef() throws IOException {
        mefPort = FreePorts.tcp();
        mefAdminPort = FreePorts.tcp();
        Path file = properties("mef", Map.ofEntries(
                Map.entry("mef.fqdn", MEF_FQDN),
                Map.entry("mef.bind-address", "127.0.0.1"),
                Map.entry("mef.port", Integer.toString(mefPort)),
                Map.entry("admin.bind-address", "127.0.0.1"),
                Map.entry("admin.port", Integer.toString(mefAdminPort)),
                Map.entry("database.url", mefDatabaseUrl),
                Map.entry("database.user", postgres.user()),
                Map.entry("database.pool-size", "4"),
                Map.entry("kek-file", secrets.resolve("mef-kek").toString()),
                Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", PROVISIONING_KPM_ID),
                Map.entry("client.provisioning.onem2m-id", "CEnrolgateProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.provisioning.psk-file", secrets.resolve("mef-psk-provisioning").toString()),
                Map.entry("client.app.kpm-id", APPLICATION_KPM_ID),
                Map.entry("client.app.onem2m-id", APPLICATION_AE_ID),
                Map.entry("client.app.psk-file", applicationPskFile.toString())));
        mef = service("mef", Map.of("ENROLGATE_DATABASE_PASSWORD", postgres.password()), "serve", "mef", "--config",
                file.toString());
        mef.awaitReady(mefAdminPort, READY);
        step("MEF (serve mef, pid " + mef.pid() + ")", "Mmef https://127.0.0.1:" + mefPort + " (SNI " + MEF_FQDN
                + "), admin port " + mefAdminPort);
    }

    /** key-forge × 2 and provisioning, started together, each its own JVM. */
    void startKeyForgesAndProvisioning() throws IOException {
        for (int i = 1; i <= KEY_FORGE_REPLICAS; i++) {
            int port = FreePorts.tcp();
            Path file = properties("key-forge-" + i, Map.ofEntries(
                    Map.entry("instance-id", "key-forge-" + i),
                    Map.entry("mqtt.server-uri", broker.serverUri()),
                    Map.entry("mqtt.username", "key-forge"),
                    Map.entry("mqtt.session-expiry", "60s"),
                    Map.entry("mqtt.receive-maximum", "64"),
                    Map.entry("mqtt.max-reconnect-delay", "1s"),
                    Map.entry("database.url", registryUrl),
                    Map.entry("database.user", postgres.user()),
                    Map.entry("database.pool-size", "8"),
                    Map.entry("registry.kek-file", registryKekFile.toString()),
                    Map.entry("provisioning.public-key", provisioningPublicKey),
                    Map.entry("forge.workers", "8"),
                    Map.entry("http.host", "127.0.0.1"),
                    Map.entry("http.port", Integer.toString(port))));
            keyForges.add(service("key-forge-" + i, Map.of("ENROLGATE_MQTT_PASSWORD", password("key-forge"),
                    "ENROLGATE_DATABASE_PASSWORD", postgres.password()), "serve", "key-forge", "--config", file.toString()));
            keyForgePorts.add(port);
        }
        provisioningPort = FreePorts.tcp();
        Path file = properties("provisioning", Map.ofEntries(
                Map.entry("instance-id", "provisioning-1"),
                Map.entry("mqtt.server-uri", broker.serverUri()),
                Map.entry("mqtt.username", "provisioning"),
                Map.entry("mqtt.session-expiry", "10m"),
                Map.entry("mqtt.max-reconnect-delay", "1s"),
                Map.entry("database.url", provisioningDatabaseUrl),
                Map.entry("database.user", postgres.user()),
                Map.entry("database.pool-size", "5"),
                Map.entry("registry.database.url", registryUrl),
                Map.entry("registry.database.user", postgres.user()),
                Map.entry("registry.kek-file", registryKekFile.toString()),
                Map.entry("hpke.private-key-file", secrets.resolve("provisioning-hpke-private").toString()),
                Map.entry("mef.url", "https://127.0.0.1:" + mefPort),
                Map.entry("mef.fqdn", MEF_FQDN),
                Map.entry("mef.psk-identity", PROVISIONING_KPM_ID),
                Map.entry("mef.psk-file", secrets.resolve("mef-psk-provisioning").toString()),
                Map.entry("cse.url", cse.pointOfAccess().toString()),
                Map.entry("cse.base-name", AcmeCse.CSE_BASE),
                Map.entry("retry.initial-delay", "500ms"),
                Map.entry("retry.max-delay", "5s"),
                Map.entry("retry.poll-interval", "500ms"),
                Map.entry("provisioning.concurrency", "8"),
                Map.entry("http.host", "127.0.0.1"),
                Map.entry("http.port", Integer.toString(provisioningPort))));
        provisioning = service("provisioning", Map.of("ENROLGATE_MQTT_PASSWORD", password("provisioning"),
                "ENROLGATE_DATABASE_PASSWORD", postgres.password(),
                "ENROLGATE_REGISTRY_DATABASE_PASSWORD", postgres.password()), "serve", "provisioning", "--config",
                file.toString());
        for (int i = 0; i < keyForges.size(); i++) {
            keyForges.get(i).awaitReady(keyForgePorts.get(i), READY);
            step("key-forge " + (i + 1) + " (serve key-forge, pid " + keyForges.get(i).pid() + ")",
                    "health/metrics on port " + keyForgePorts.get(i));
        }
        provisioning.awaitReady(provisioningPort, READY);
        step("provisioning (serve provisioning, pid " + provisioning.pid() + ")", "health/metrics on port "
                + provisioningPort);
    }

    /** The capture of the radio medium, the gateway firmware's simulator, and its serial-bridge. */
    void startRadio() throws IOException {
        pcap = logs.resolve("medium.pcap");
        radio = SimulatedRadio.start(firmware, Optional.of(pcap), logs, GATEWAY, PAN_ID, CHANNEL);
        running.push(radio);
        mediumPort = radio.mediumPort();
        uart = radio.uart();
        step("radio: zep-capture + eg-gateway-sim", "ZEP medium UDP " + mediumPort + ", gateway UART " + uart);

        serialBridgePort = FreePorts.tcp();
        serialBridge = service("serial-bridge", Map.of("ENROLGATE_MQTT_PASSWORD", password(GATEWAY.toTopicHex()),
                        "ENROLGATE_INSTANCE_ID", "serial-bridge-it", "ENROLGATE_SERIAL_REOPEN_INITIAL", "50ms"),
                "serve", "serial-bridge", "--port", uart.toString(), "--mqtt", broker.serverUri(),
                "--mqtt-username", GATEWAY.toTopicHex(), "--http-port", Integer.toString(serialBridgePort));
        serialBridge.awaitReady(serialBridgePort, READY);
        step("serial-bridge (serve serial-bridge, pid " + serialBridge.pid() + ")", "gateway " + GATEWAY.toTopicHex()
                + " as broker user " + GATEWAY.toTopicHex() + ", health/metrics on port " + serialBridgePort);
    }

    /** Every service process, for the log scan and the liveness check. */
    List<EnrolgateProcess> services() {
        List<EnrolgateProcess> all = new ArrayList<>();
        Stream.of(mef).forEach(all::add);
        all.addAll(keyForges);
        Stream.of(provisioning, serialBridge).forEach(all::add);
        return all.stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The services' admin ports, by service name. */
    Map<String, Integer> adminPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("mef", mefAdminPort);
        for (int i = 0; i < keyForgePorts.size(); i++) {
            ports.put("key-forge-" + (i + 1), keyForgePorts.get(i));
        }
        ports.put("provisioning", provisioningPort);
        ports.put("serial-bridge", serialBridgePort);
        return ports;
    }

    private EnrolgateProcess service(String name, Map<String, String> secretsEnvironment, String... arguments) {
        Map<String, String> environment = new LinkedHashMap<>(secretsEnvironment);
        // DEBUG: the services say as much as they ever would, and still no key may show.
        environment.put("ENROLGATE_LOG_LEVEL", System.getProperty("enrolgate.it.log-level", "DEBUG"));
        EnrolgateProcess process = EnrolgateProcess.start(name, environment, logs.resolve(name + ".log"), arguments);
        running.push(process);
        return process;
    }

    private Path properties(String name, Map<String, String> values) throws IOException {
        StringBuilder text = new StringBuilder("# integration test: " + name + " (secrets are files or ENROLGATE_*"
                + " variables)\n");
        values.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> text.append(e.getKey()).append(" = ").append(e.getValue()).append('\n'));
        Path file = config.resolve(name + ".properties");
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    void step(String what, String detail) {
        out.printf(Locale.ROOT, "[it] %6.1f s  %-48s %s%n", (System.nanoTime() - createdAt) / 1e9, what, detail);
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String hex(int length) {
        return HexFormat.of().formatHex(bytes(length));
    }

    /** Stops everything, the last started first (SIGTERM to the services), and removes the secrets. */
    @Override
    public void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                out.println("[it] stopping a part failed: " + e);
            }
        }
        deleteTree(run);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            java.util.Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
