package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.util.JsonFormat;
import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.FreePorts;
import io.enrolgate.demo.app.SimulatedDevices;
import io.enrolgate.demo.app.SimulatedRadio;
import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.CompletedCommand;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The distributed scenario on the container images built from {@code deploy/images/} (base image built locally
 * from Debian packages by {@code deploy/images/build-base-image.sh}, the services' images by
 * {@code deploy/images/build-images.sh}): PostgreSQL, Mosquitto (the repository's roles, per-service users), the MEF,
 * key-forge × 2 and provisioning in containers on one network; the ACME CSE, the gateway simulator, its
 * serial-bridge and the devices on this host (a pseudo-terminal cannot cross into a container), reaching the
 * containers through their mapped ports.
 *
 * <p>It runs only where a Docker daemon answers; elsewhere it is reported as not run (a JUnit assumption with the
 * reason). It is not coverage on a machine without a daemon — {@link DistributedEnrolmentIT} is.
 */
class ContainerisedEnrolmentIT {
    private static final String TAG = "it";
    private static final String BASE_IMAGE = System.getProperty("enrolgate.it.base-image", "enrolgate/base:bookworm");
    private static final String MEF_FQDN = "mef.enrolgate.test";
    private static final IeeeAddress GATEWAY = IeeeAddress.parse("00124b00e0000001");
    private static final int DEVICES = 4;
    /**
     * How long a joiner waits for its key here: 5 s, not a real device's 1.7 s. The first requests meet JVMs that
     * have just started in five containers on a small machine (seen: 1.7 s for the first key on 2 cores while the
     * others were still compiling); this test is about the images working together. The 1.7 s figure is held by
     * DistributedEnrolmentIT and the demo, whose services are warm.
     */
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> secrets = new LinkedHashMap<>();

    @Test
    void theScenarioOnTheImagesBuiltFromDeploy() throws Exception {
        notRunUnless(dockerAvailable(), "NOT RUN: no Docker daemon answers on this machine (the docker CLI alone is not"
                + " enough); the Testcontainers variant runs where one does");
        ensureImages();
        Path work = Files.createTempDirectory("enrolgate-containers-");
        Path logs = Files.createDirectories(Repo.TARGET.resolve("it-container-logs"));
        try {
            run(work, logs);
        } finally {
            while (!running.isEmpty()) {
                try {
                    running.pop().close();
                } catch (Exception e) {
                    System.out.println("[it-containers] stopping a part failed: " + e);
                }
            }
            DistributedSystem.deleteTree(work);
        }
    }

    private void run(Path work, Path logs) throws Exception {
        for (String name : List.of("postgres", "registry", "mef", "provisioning", "key-forge", "provisioning-mqtt",
                "events", GATEWAY.toTopicHex())) {
            secrets.put(name, hex(16));
        }
        byte[] registryKek = bytes(32);
        Path secretDir = Files.createDirectories(work.resolve("secrets"));
        Path registryKekFile = write(secretDir.resolve("registry-kek"), HexFormat.of().formatHex(registryKek));
        Path mefKek = write(secretDir.resolve("mef-kek"), hex(32));
        Path provisioningPsk = write(secretDir.resolve("mef-psk-provisioning"), hex(32));
        Path applicationPsk = write(secretDir.resolve("mef-psk-app"), hex(32));
        Path hpkePrivate = secretDir.resolve("provisioning-hpke-private");
        CompletedCommand keygen = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60), "provisioning",
                "keygen", "--private-key-file", hpkePrivate.toString());
        assertThat(keygen.exitStatus()).as(keygen.describe()).isZero();
        Files.setPosixFilePermissions(hpkePrivate, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String hpkePublic = keygen.out().strip();

        Network network = Network.newNetwork();
        running.push(network);
        // The containers reach the CSE on this host through their network's gateway address. Testcontainers'
        // own way (exposeHostPorts) needs its sshd image from Docker Hub, which machines without a registry lack.
        String hostFromContainers = gatewayAddress(network);
        AcmeCse cse = AcmeCse.start(AcmeCse.install(), AcmeCse.Settings.forTests(work.resolve("cse"))
                .withListenAddress("0.0.0.0"));
        running.push(cse);

        GenericContainer<?> postgres = container("postgresql", "postgres")
                .withCopyFileToContainer(file(write(work.resolve("pg-postgres"), secrets.get("postgres"))),
                        "/run/secrets/enrolgate/db/postgres/password")
                .withExposedPorts(5432)
                .waitingFor(Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(2)));
        for (String database : List.of("registry", "mef", "provisioning")) {
            postgres.withCopyFileToContainer(file(write(work.resolve("pg-" + database), secrets.get(database))),
                    "/run/secrets/enrolgate/db/" + database + "/password");
        }
        start(postgres, logs);

        Path users = write(work.resolve("dynamic-security.json"), DistributedSystem.dynamicSecurity(Map.of(
                "key-forge", secrets.get("key-forge"), "provisioning", secrets.get("provisioning-mqtt"),
                "events", secrets.get("events"), GATEWAY.toTopicHex(), secrets.get(GATEWAY.toTopicHex()))));
        Path brokerConf = write(work.resolve("mosquitto.conf"), String.join("\n",
                "# deploy/mosquitto/mosquitto.conf without TLS (a plain listener for the test), same plugin and roles",
                "per_listener_settings false", "allow_anonymous false",
                "plugin /usr/local/lib/enrolgate/mosquitto_dynamic_security.so",
                "plugin_opt_config_file /etc/enrolgate/mosquitto/secrets/dynamic-security.json", "set_tcp_nodelay true", "listener 1883", "persistence false",
                "log_dest stdout", "log_type error", "log_type warning", "log_type notice", "log_type information"));
        GenericContainer<?> broker = container("mosquitto", "broker")
                .withCopyFileToContainer(file(brokerConf), "/etc/enrolgate/mosquitto/mosquitto.conf")
                .withCopyFileToContainer(file(users), "/etc/enrolgate/mosquitto/secrets/dynamic-security.json")
                .withExposedPorts(1883)
                .waitingFor(Wait.forListeningPort());
        start(broker, logs);
        String hostBroker = "tcp://127.0.0.1:" + broker.getMappedPort(1883);

        GenericContainer<?> mef = service("mef", "mef", 9464, Map.ofEntries(
                Map.entry("mef.fqdn", MEF_FQDN), Map.entry("mef.port", "8443"), Map.entry("admin.port", "9464"),
                Map.entry("database.url", "jdbc:postgresql://postgres:5432/mef"), Map.entry("database.user", "mef"),
                Map.entry("kek-file", "/run/secrets/enrolgate/mef-kek"), Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", "kpm-provisioning"),
                Map.entry("client.provisioning.onem2m-id", "CEnrolgateProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.provisioning.psk-file", "/run/secrets/enrolgate/mef-psk-provisioning"),
                Map.entry("client.app.kpm-id", "kpm-app"), Map.entry("client.app.onem2m-id", "CContainerApp"),
                Map.entry("client.app.psk-file", "/run/secrets/enrolgate/mef-psk-app")),
                Map.of("ENROLGATE_DATABASE_PASSWORD", secrets.get("mef")), work)
                .withCopyFileToContainer(file(mefKek), "/run/secrets/enrolgate/mef-kek")
                .withCopyFileToContainer(file(provisioningPsk), "/run/secrets/enrolgate/mef-psk-provisioning")
                .withCopyFileToContainer(file(applicationPsk), "/run/secrets/enrolgate/mef-psk-app")
                .withExposedPorts(8443, 9464);
        start(mef, logs);

        for (int i = 1; i <= 2; i++) {
            GenericContainer<?> forge = service("key-forge", "key-forge-" + i, 8081, Map.ofEntries(
                    Map.entry("instance-id", "key-forge-" + i), Map.entry("mqtt.server-uri", "tcp://broker:1883"),
                    Map.entry("mqtt.username", "key-forge"),
                    Map.entry("database.url", "jdbc:postgresql://postgres:5432/registry"),
                    Map.entry("database.user", "registry"),
                    Map.entry("registry.kek-file", "/run/secrets/enrolgate/registry-kek"),
                    Map.entry("provisioning.public-key", hpkePublic),
                    Map.entry("http.port", "8081")),
                    Map.of("ENROLGATE_MQTT_PASSWORD", secrets.get("key-forge"), "ENROLGATE_DATABASE_PASSWORD",
                            secrets.get("registry")), work)
                    .withCopyFileToContainer(file(registryKekFile), "/run/secrets/enrolgate/registry-kek")
                    .withExposedPorts(8081);
            start(forge, logs);
        }
        GenericContainer<?> provisioning = service("provisioning", "provisioning", 8083, Map.ofEntries(
                Map.entry("instance-id", "provisioning-1"), Map.entry("mqtt.server-uri", "tcp://broker:1883"),
                Map.entry("mqtt.username", "provisioning"),
                Map.entry("database.url", "jdbc:postgresql://postgres:5432/provisioning"),
                Map.entry("database.user", "provisioning"),
                Map.entry("registry.database.url", "jdbc:postgresql://postgres:5432/registry"),
                Map.entry("registry.database.user", "registry"),
                Map.entry("registry.kek-file", "/run/secrets/enrolgate/registry-kek"),
                Map.entry("hpke.private-key-file", "/run/secrets/enrolgate/provisioning-hpke-private"),
                Map.entry("mef.url", "https://mef:8443"), Map.entry("mef.fqdn", MEF_FQDN),
                Map.entry("mef.psk-identity", "kpm-provisioning"),
                Map.entry("mef.psk-file", "/run/secrets/enrolgate/mef-psk-provisioning"),
                Map.entry("cse.url", "http://" + hostFromContainers + ":" + cse.port()),
                Map.entry("cse.base-name", AcmeCse.CSE_BASE), Map.entry("http.port", "8083")),
                Map.of("ENROLGATE_MQTT_PASSWORD", secrets.get("provisioning-mqtt"), "ENROLGATE_DATABASE_PASSWORD",
                        secrets.get("provisioning"), "ENROLGATE_REGISTRY_DATABASE_PASSWORD", secrets.get("registry")), work)
                .withCopyFileToContainer(file(registryKekFile), "/run/secrets/enrolgate/registry-kek")
                .withCopyFileToContainer(file(hpkePrivate), "/run/secrets/enrolgate/provisioning-hpke-private")
                .withCopyFileToContainer(file(provisioningPsk), "/run/secrets/enrolgate/mef-psk-provisioning")
                .withExposedPorts(8083);
        start(provisioning, logs);

        // The devices, registered through the mapped PostgreSQL port with the registry's own role.
        List<PlannedDevice> devices = new ArrayList<>();
        StringBuilder csv = new StringBuilder("ieee,install_code,targets\n");
        for (int i = 0; i < DEVICES; i++) {
            byte[] code = bytes(16);
            InstallCode installCode = InstallCode.withComputedCrc(code);
            PlannedDevice device = new PlannedDevice(new IeeeAddress(0x00124B00C0000001L + i), installCode, installCode,
                    i == DEVICES - 1);
            devices.add(device);
            csv.append(device.ieee().toTopicHex()).append(',').append(HexFormat.of().formatHex(installCode.toBytesWithCrc()))
                    .append(",CContainerApp\n");
        }
        Path devicesCsv = write(secretDir.resolve("devices.csv"), csv.toString());
        CompletedCommand imported = EnrolgateProcess.run(Map.of("ENROLGATE_DB_PASSWORD", secrets.get("registry")),
                null, Duration.ofSeconds(120), "device", "import", "--db-url", "jdbc:postgresql://127.0.0.1:"
                        + postgres.getMappedPort(5432) + "/registry", "--db-user", "registry", "--kek-file",
                registryKekFile.toString(), devicesCsv.toString());
        assertThat(imported.exitStatus()).as(imported.describe()).isZero();

        List<EnrolmentEvent> events = new ArrayList<>();
        MqttProbe follower = MqttProbe.connect(hostBroker, "it-containers-events", "events", secrets.get("events"));
        running.push(follower);
        follower.onMessage(message -> {
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            try {
                JsonFormat.parser().merge(new String(message.payload(), StandardCharsets.UTF_8), event);
            } catch (IOException e) {
                return;
            }
            synchronized (events) {
                events.add(event.build());
            }
        });
        assertThat(follower.subscribe("enrolgate/v1/events/#")).isEqualTo(1);

        // The radio side on this host.
        FirmwareTools.Binaries firmware = FirmwareTools.ensureBuilt(Repo.HOME.resolve("firmware"),
                Repo.TARGET.resolve("firmware-build"), logs, new PrintWriter(System.out, true));
        SimulatedRadio radio = SimulatedRadio.start(firmware, Optional.empty(), logs, GATEWAY, 0x1a62, 15,
                List.of("--eg-deadline-ms", Long.toString(JOIN_DEADLINE.toMillis())));
        running.push(radio);
        String uart = radio.uart().toString();
        int bridgePort = FreePorts.tcp();
        EnrolgateProcess bridge = EnrolgateProcess.start("serial-bridge", Map.of("ENROLGATE_MQTT_PASSWORD",
                secrets.get(GATEWAY.toTopicHex()), "ENROLGATE_BRIDGE_REQUEST_DEADLINE", JOIN_DEADLINE.toMillis() + "ms"),
                logs.resolve("serial-bridge.log"), "serve", "serial-bridge", "--port",
                uart, "--mqtt", hostBroker, "--mqtt-username", GATEWAY.toTopicHex(), "--http-port",
                Integer.toString(bridgePort));
        running.push(bridge);
        bridge.awaitReady(bridgePort, Duration.ofSeconds(120));

        Map<IeeeAddress, DeviceReport> reports = new LinkedHashMap<>();
        try (SimulatedDevices sim = SimulatedDevices.start(firmware.deviceSim(), radio.mediumPort(), 0x1a62, 15,
                Duration.ofMillis(25), List.of("--scan-duration", "5", "--key-timeout-ms", Long.toString(JOIN_DEADLINE.toMillis())), devices, logs.resolve("eg-device-sim.log"))) {
            assertThat(sim.readReports(report -> reports.put(report.ieee(), report), malformed -> {
                throw malformed;
            }, Duration.ofSeconds(120))).as("eg-device-sim finished").isTrue();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && provisioned(events) < DEVICES) {
            Thread.sleep(100);
        }
        for (PlannedDevice device : devices) {
            DeviceReport report = reports.get(device.ieee());
            assertThat(report).as("report of %s", device).isNotNull();
            assertThat(report.keyInstalled()).as("%s: %s", device, report.outcome()).isTrue();
            List<State> states;
            EnrolmentEvent keyProvisioned;
            synchronized (events) {
                states = events.stream().filter(e -> e.getDeviceIeee().equals(device.ieee().toTopicHex()))
                        .map(EnrolmentEvent::getState).distinct().toList();
                keyProvisioned = events.stream().filter(e -> e.getDeviceIeee().equals(device.ieee().toTopicHex())
                        && e.getState() == State.KEY_PROVISIONED).findFirst().orElse(null);
            }
            assertThat(states).as("events of %s", device).containsExactly(State.REQUESTED, State.KEY_ISSUED,
                    State.KEY_PROVISIONED);
            CompletedCommand fetched = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60), "mef",
                    "fetch-key", "--mef", "https://127.0.0.1:" + mef.getMappedPort(8443), "--psk-identity", "kpm-app",
                    "--psk-file", applicationPsk.toString(), "--key-id", keyProvisioned.getKeyIdentifier());
            assertThat(fetched.exitStatus()).as(fetched.describe()).isZero();
            assertThat(fetched.out().strip().substring(0, 32)).as("%s: installed = first half of the Key Value", device)
                    .isEqualTo(HexFormat.of().withUpperCase().formatHex(report.installedKey().orElseThrow().toBytes()));
        }
    }

    private static long provisioned(List<EnrolmentEvent> events) {
        synchronized (events) {
            return events.stream().filter(e -> e.getState() == State.KEY_PROVISIONED).count();
        }
    }

    private GenericContainer<?> container(String image, String alias) {
        return new GenericContainer<>(DockerImageName.parse("enrolgate/" + image + ":" + TAG))
                .withNetwork(running.stream().filter(Network.class::isInstance).map(Network.class::cast).findFirst()
                        .orElseThrow())
                .withNetworkAliases(alias);
    }

    /** A Java service's container: its properties file, secrets as ENROLGATE_* variables, ready on /health/ready. */
    private GenericContainer<?> service(String image, String alias, int adminPort, Map<String, String> properties,
            Map<String, String> environment, Path work) throws IOException {
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        Path config = write(work.resolve(alias + ".properties"), text.toString());
        String inside = "/etc/enrolgate/" + image + ".properties";
        return container(image, alias)
                .withCopyFileToContainer(file(config), inside)
                .withEnv(environment)
                .withEnv("ENROLGATE_LOG_LEVEL", System.getProperty("enrolgate.it.log-level", "DEBUG"))
                .withCommand("serve", image, "--config", inside)
                .waitingFor(Wait.forHttp("/health/ready").forPort(adminPort).withStartupTimeout(Duration.ofMinutes(3)));
    }

    private void start(GenericContainer<?> container, Path logs) {
        String alias = container.getNetworkAliases().get(container.getNetworkAliases().size() - 1);
        container.withLogConsumer(frame -> {
            try {
                Files.writeString(logs.resolve(alias + ".log"), frame.getUtf8String(), StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                // a lost log line
            }
        });
        container.start();
        running.push(container::stop);
        System.out.printf(Locale.ROOT, "[it-containers] %s up (%s)%n", alias, container.getDockerImageName());
    }

    private static MountableFile file(Path path) {
        // Readable by the images' user (uid 10001); the files live in this test's private temporary directory.
        return MountableFile.forHostPath(path, 0444);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String hex(int length) {
        return HexFormat.of().formatHex(bytes(length));
    }

    /** A JUnit assumption whose reason is also printed, so that the build log says why the test did not run. */
    private static void notRunUnless(boolean condition, String reason) {
        if (!condition) {
            System.out.println("[it-containers] " + reason);
        }
        assumeTrue(condition, reason);
    }

    private static String gatewayAddress(Network network) {
        return DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId()).exec()
                .getIpam().getConfig().get(0).getGateway();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The images, built from deploy/images with the project's scripts: the base image from Debian packages (root and
     * debootstrap needed) when it is missing, then every service image tagged {@value #TAG}.
     */
    private static void ensureImages() throws Exception {
        if (runs(List.of("docker", "image", "inspect", BASE_IMAGE)) != 0) {
            boolean canBuild = "root".equals(System.getProperty("user.name"))
                    && Files.isExecutable(Path.of("/usr/sbin/debootstrap"));
            notRunUnless(canBuild, "NOT RUN: the base image " + BASE_IMAGE + " is missing and cannot be built here (needs"
                    + " root and debootstrap: sudo deploy/images/build-base-image.sh)");
            assertThat(runs(List.of("bash", Repo.HOME.resolve("deploy/images/build-base-image.sh").toString(), "--tag",
                    BASE_IMAGE))).as("deploy/images/build-base-image.sh").isZero();
        }
        List<String> build = new ArrayList<>(List.of("bash", Repo.HOME.resolve("deploy/images/build-images.sh").toString(),
                "--base", BASE_IMAGE, "--tag", TAG));
        for (String image : List.of("postgresql", "mosquitto", "mef", "key-forge", "provisioning")) {
            build.addAll(List.of("--only", image));
        }
        assertThat(runs(build)).as("deploy/images/build-images.sh").isZero();
    }

    private static int runs(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
