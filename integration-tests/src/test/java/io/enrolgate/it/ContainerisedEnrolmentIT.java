package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static io.enrolgate.it.ContainerDeployment.file;
import static io.enrolgate.it.ContainerDeployment.write;

import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.FreePorts;
import io.enrolgate.demo.app.SimulatedDevices;
import io.enrolgate.demo.app.SimulatedRadio;
import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.testfixtures.AcmeCse;
import io.enrolgate.testfixtures.CompletedCommand;
import io.enrolgate.testfixtures.FileTrees;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

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

    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> secrets = new LinkedHashMap<>();

    @Test
    void theScenarioOnTheImagesBuiltFromDeploy() throws Exception {
        ContainerImages.notRunUnless(ContainerImages.dockerAvailable(), "NOT RUN: no Docker daemon answers on this"
                + " machine (the docker CLI alone is not enough); the Testcontainers variant runs where one does");
        ContainerImages.ensureImages();
        Path work = Files.createTempDirectory("enrolgate-containers-");
        Path logs = Files.createDirectories(Repo.TARGET.resolve("it-container-logs"));
        ContainerDeployment deployment = new ContainerDeployment(logs, work);
        try {
            run(deployment, work, logs);
        } finally {
            deployment.close();
            FileTrees.delete(work);
        }
    }

    private void run(ContainerDeployment deployment, Path work, Path logs) throws Exception {
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

        // The containers reach the CSE on this host through their network's gateway address.
        String hostFromContainers = deployment.startNetwork();
        AcmeCse cse = deployment.keep(AcmeCse.start(AcmeCse.install(), AcmeCse.Settings.forTests(work.resolve("cse"))
                .withListenAddress("0.0.0.0")));

        GenericContainer<?> postgres = deployment.postgres(secrets);
        deployment.start(postgres);
        GenericContainer<?> broker = deployment.broker(BrokerUsers.dynamicSecurity(Map.of(
                "key-forge", secrets.get("key-forge"), "provisioning", secrets.get("provisioning-mqtt"),
                "events", secrets.get("events"), GATEWAY.toTopicHex(), secrets.get(GATEWAY.toTopicHex()))));
        deployment.start(broker);
        String hostBroker = "tcp://127.0.0.1:" + broker.getMappedPort(1883);

        GenericContainer<?> mef = deployment.service("mef", "mef", 9464, Map.ofEntries(
                Map.entry("mef.fqdn", MEF_FQDN), Map.entry("mef.port", "8443"), Map.entry("admin.port", "9464"),
                Map.entry("database.url", "jdbc:postgresql://postgres:5432/mef"), Map.entry("database.user", "mef"),
                Map.entry("kek-file", "/run/secrets/enrolgate/mef-kek"), Map.entry("clients", "provisioning,app"),
                Map.entry("client.provisioning.kpm-id", "kpm-provisioning"),
                Map.entry("client.provisioning.onem2m-id", "CEnrolgateProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.provisioning.psk-file", "/run/secrets/enrolgate/mef-psk-provisioning"),
                Map.entry("client.app.kpm-id", "kpm-app"), Map.entry("client.app.onem2m-id", "CContainerApp"),
                Map.entry("client.app.psk-file", "/run/secrets/enrolgate/mef-psk-app")),
                Map.of("ENROLGATE_DATABASE_PASSWORD", secrets.get("mef")))
                .withCopyFileToContainer(file(mefKek), "/run/secrets/enrolgate/mef-kek")
                .withCopyFileToContainer(file(provisioningPsk), "/run/secrets/enrolgate/mef-psk-provisioning")
                .withCopyFileToContainer(file(applicationPsk), "/run/secrets/enrolgate/mef-psk-app")
                .withExposedPorts(8443, 9464);
        deployment.start(mef);

        for (int i = 1; i <= 2; i++) {
            GenericContainer<?> forge = deployment.service("key-forge", "key-forge-" + i, 8081, Map.ofEntries(
                    Map.entry("instance-id", "key-forge-" + i), Map.entry("mqtt.server-uri", "tcp://broker:1883"),
                    Map.entry("mqtt.username", "key-forge"),
                    Map.entry("database.url", "jdbc:postgresql://postgres:5432/registry"),
                    Map.entry("database.user", "registry"),
                    Map.entry("registry.kek-file", "/run/secrets/enrolgate/registry-kek"),
                    Map.entry("provisioning.public-key", hpkePublic),
                    Map.entry("http.port", "8081")),
                    Map.of("ENROLGATE_MQTT_PASSWORD", secrets.get("key-forge"), "ENROLGATE_DATABASE_PASSWORD",
                            secrets.get("registry")))
                    .withCopyFileToContainer(file(registryKekFile), "/run/secrets/enrolgate/registry-kek")
                    .withExposedPorts(8081);
            deployment.start(forge);
        }
        GenericContainer<?> provisioning = deployment.service("provisioning", "provisioning", 8083, Map.ofEntries(
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
                        secrets.get("provisioning"), "ENROLGATE_REGISTRY_DATABASE_PASSWORD", secrets.get("registry")))
                .withCopyFileToContainer(file(registryKekFile), "/run/secrets/enrolgate/registry-kek")
                .withCopyFileToContainer(file(hpkePrivate), "/run/secrets/enrolgate/provisioning-hpke-private")
                .withCopyFileToContainer(file(provisioningPsk), "/run/secrets/enrolgate/mef-psk-provisioning")
                .withExposedPorts(8083);
        deployment.start(provisioning);

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

        EnrolmentEvents events = deployment.keep(EnrolmentEvents.connect(hostBroker, "it-containers-events",
                secrets.get("events")));
        events.follow();

        // The radio side on this host.
        FirmwareTools.Binaries firmware = FirmwareTools.ensureBuilt(Repo.HOME.resolve("firmware"),
                Repo.TARGET.resolve("firmware-build"), logs, new PrintWriter(System.out, true));
        SimulatedRadio radio = deployment.keep(SimulatedRadio.start(firmware, Optional.empty(), logs, GATEWAY, 0x1a62, 15,
                List.of("--eg-deadline-ms", Long.toString(JOIN_DEADLINE.toMillis()))));
        String uart = radio.uart().toString();
        int bridgePort = FreePorts.tcp();
        EnrolgateProcess bridge = deployment.keep(EnrolgateProcess.start("serial-bridge", Map.of("ENROLGATE_MQTT_PASSWORD",
                secrets.get(GATEWAY.toTopicHex()), "ENROLGATE_BRIDGE_REQUEST_DEADLINE", JOIN_DEADLINE.toMillis() + "ms"),
                logs.resolve("serial-bridge.log"), "serve", "serial-bridge", "--port",
                uart, "--mqtt", hostBroker, "--mqtt-username", GATEWAY.toTopicHex(), "--http-port",
                Integer.toString(bridgePort)));
        bridge.awaitReady(bridgePort, Duration.ofSeconds(120));

        Map<IeeeAddress, DeviceReport> reports = new LinkedHashMap<>();
        try (SimulatedDevices sim = SimulatedDevices.start(firmware.deviceSim(), radio.mediumPort(), 0x1a62, 15,
                Duration.ofMillis(25), List.of("--scan-duration", "5", "--key-timeout-ms", Long.toString(JOIN_DEADLINE.toMillis())), devices, logs.resolve("eg-device-sim.log"))) {
            assertThat(sim.readReports(report -> reports.put(report.ieee(), report), malformed -> {
                throw malformed;
            }, Duration.ofSeconds(120))).as("eg-device-sim finished").isTrue();
        }

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && events.count(State.KEY_PROVISIONED) < DEVICES) {
            Thread.sleep(100);
        }
        for (PlannedDevice device : devices) {
            DeviceReport report = reports.get(device.ieee());
            assertThat(report).as("report of %s", device).isNotNull();
            assertThat(report.keyInstalled()).as("%s: %s", device, report.outcome()).isTrue();
            List<State> states = events.statesOf(device.ieee());
            EnrolmentEvent keyProvisioned = events.event(device.ieee(), State.KEY_PROVISIONED).orElse(null);
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

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String hex(int length) {
        return HexFormat.of().formatHex(bytes(length));
    }
}
