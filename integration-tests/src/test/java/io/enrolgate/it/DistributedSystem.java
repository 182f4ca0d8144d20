package io.enrolgate.it;

import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.FreePorts;
import io.enrolgate.demo.app.SimulatedRadio;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.FileTrees;
import io.enrolgate.testfixtures.MosquittoProcess;
import io.enrolgate.testfixtures.PostgresProcess;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 * {@code target/it-logs/} after the run (they are what the leak scan reads); secrets live in a {@link RunDirectory}
 * that {@link #close()} removes; {@link ServiceProperties} has what each service's properties file says.
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
    private final RunDirectory run;
    private final SecureRandom random = new SecureRandom();
    private final RunningParts running = new RunningParts("[it]");
    private final BrokerUsers users;
    private final PrintWriter out = new PrintWriter(System.out, true);
    private final long createdAt = System.nanoTime();

    FirmwareTools.Binaries firmware;
    PostgresProcess postgres;
    MosquittoProcess broker;
    AcmeCse cse;
    String registryUrl;
    String mefDatabaseUrl;
    String provisioningDatabaseUrl;
    ServiceSecrets secrets;
    int mefPort;
    int mefAdminPort;
    EnrolgateProcess mef;
    final List<EnrolgateProcess> keyForges = new ArrayList<>();
    final List<Integer> keyForgePorts = new ArrayList<>();
    EnrolgateProcess provisioning;
    int provisioningPort;
    Path pcap;
    SimulatedRadio radio;
    Path uart;
    EnrolgateProcess serialBridge;
    int serialBridgePort;

    DistributedSystem() throws IOException {
        FileTrees.delete(logs);
        Files.createDirectories(logs);
        run = RunDirectory.create("enrolgate-it-");
        List<String> userNames = new ArrayList<>(List.of("key-forge", "provisioning", "events", GATEWAY.toTopicHex(),
                INTRUDER.toTopicHex()));
        LOAD_GATEWAYS.forEach(g -> userNames.add(g.toTopicHex()));
        users = new BrokerUsers(userNames, random);
    }

    /** The broker password of {@code user}. */
    String password(String user) {
        return users.password(user);
    }

    /** The database: PostgreSQL, one database per service, as deploy/compose has them. */
    void startDatabase() {
        postgres = PostgresProcess.start();
        running.keep(postgres);
        registryUrl = postgres.createDatabase("registry");
        mefDatabaseUrl = postgres.createDatabase("mef");
        provisioningDatabaseUrl = postgres.createDatabase("provisioning");
        step("PostgreSQL", "port " + postgres.port() + ", databases registry, mef, provisioning");
    }

    /** Mosquitto with a user per service and per gateway, and the production roles ({@link BrokerUsers}). */
    void startBroker() throws IOException {
        broker = MosquittoProcess.builder().dynamicSecurity(users.dynamicSecurity()).start();
        running.keep(broker);
        step("Mosquitto", broker.serverUri() + ", users " + String.join(", ", users.names())
                + ", roles deploy/mosquitto/dynamic-security-roles.json (dynamic-security plugin)");
    }

    void startCse() {
        cse = AcmeCse.start(run.resolve("cse"));
        running.keep(cse);
        step("oneM2M CSE (ACME)", cse.pointOfAccess().toString());
    }

    /** Key-encryption keys, PSKs and provisioning's key pair ({@link ServiceSecrets}). */
    void makeSecrets() throws IOException {
        secrets = ServiceSecrets.make(run, random);
    }

    /** A file in the secrets directory (mode 0600). */
    Path secret(String name, String text) throws IOException {
        return run.secret(name, text);
    }

    void startMef() throws IOException {
        mefPort = FreePorts.tcp();
        mefAdminPort = FreePorts.tcp();
        Path file = run.properties("mef", ServiceProperties.mef(this));
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
            Path file = run.properties("key-forge-" + i, ServiceProperties.keyForge(this, i, port));
            keyForges.add(service("key-forge-" + i, Map.of("ENROLGATE_MQTT_PASSWORD", password("key-forge"),
                    "ENROLGATE_DATABASE_PASSWORD", postgres.password()), "serve", "key-forge", "--config", file.toString()));
            keyForgePorts.add(port);
        }
        provisioningPort = FreePorts.tcp();
        Path file = run.properties("provisioning", ServiceProperties.provisioning(this));
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
        running.keep(radio);
        uart = radio.uart();
        step("radio: zep-capture + eg-gateway-sim", "ZEP medium UDP " + radio.mediumPort() + ", gateway UART " + uart);

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
        return Stream.of(Stream.of(mef), keyForges.stream(), Stream.of(provisioning, serialBridge)).flatMap(s -> s)
                .filter(Objects::nonNull).toList();
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
        running.keep(process);
        return process;
    }

    void step(String what, String detail) {
        out.printf(Locale.ROOT, "[it] %6.1f s  %-48s %s%n", (System.nanoTime() - createdAt) / 1e9, what, detail);
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Stops everything, the last started first (SIGTERM to the services), and removes the secrets. */
    @Override
    public void close() {
        running.close();
        run.delete();
    }
}
