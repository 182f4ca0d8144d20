package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.enrolgate.demo.app.FirmwareTools;
import io.enrolgate.demo.app.SimulatedDevices;
import io.enrolgate.demo.core.DeviceReport;
import io.enrolgate.demo.core.PlannedDevice;
import io.enrolgate.proto.v1.EgRequest;
import io.enrolgate.proto.v1.EgResponse;
import io.enrolgate.proto.v1.EnrolmentEvent;
import io.enrolgate.proto.v1.EnrolmentEvent.State;
import io.enrolgate.proto.v1.Rejection;
import io.enrolgate.testfixtures.CompletedCommand;
import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.installcode.InstallCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo's scenario on the distributed deployment ({@link DistributedSystem}: every service its own
 * {@code java -jar enrolgate.jar serve ...} process, Mosquitto with per-service users and the production ACL,
 * PostgreSQL, the ACME CSE, key-forge × 2): 10 simulated devices registered with fresh install codes (4 sleepy)
 * and one device that is not registered join through the gateway firmware's simulator and its serial-bridge.
 * The system starts and the devices join once ({@link #startTheSystemAndLetTheDevicesJoin}); each test then
 * checks one property of what happened. The last one measures the enrolments/s the setup holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedEnrolmentIT {
    private static final int REGISTERED = 10;
    private static final int SLEEPY = 4;
    private static final long FIRST_IEEE = 0x00124B00E1000001L;
    private static final int LOAD_DEVICES = 500;
    private static final Duration KEY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String EVENTS = "enrolgate/v1/events/#";

    private DistributedSystem system;
    private final List<PlannedDevice> registered = new ArrayList<>();
    private PlannedDevice unregistered;
    private final List<EgRequest> refusedRequests = new ArrayList<>();
    private final Map<String, Integer> intruderCodes = new LinkedHashMap<>();
    private final List<String> commandOutputs = new ArrayList<>();
    private MqttProbe events;
    private MqttProbe intruder;
    private final List<EnrolmentEvent> eventLog = new ArrayList<>();
    private final List<String> eventPayloads = new ArrayList<>();
    private final List<String> unreadableEvents = new ArrayList<>();
    private final Map<IeeeAddress, DeviceReport> reports = new LinkedHashMap<>();
    private final Map<IeeeAddress, String> mefKeyValues = new LinkedHashMap<>();
    private EgRequest intruderOwnRequest;
    private long startedAt;

    @BeforeAll
    void startTheSystemAndLetTheDevicesJoin() throws Exception {
        startedAt = System.nanoTime();
        planDevices();
        system = new DistributedSystem();
        try {
            system.firmware = FirmwareTools.ensureBuilt(Repo.HOME.resolve("firmware"), Repo.TARGET.resolve("firmware-build"),
                    system.logs, new PrintWriter(System.out, true));
            system.startDatabase();
            system.startBroker();
            system.startCse();
            system.makeSecrets();
            registerDevices();
            system.startMef();
            system.startKeyForgesAndProvisioning();
            followEvents();
            placeTheIntruder();
            system.startRadio();
            tryToPublishAsTheIntruder();
            runDevices();
            awaitSettled();
            synchronized (eventLog) {
                // What the events user saw during the scenario, for a person to read (no key material: checked below).
                Files.write(system.logs.resolve("scenario-events.jsonl"), eventPayloads.stream()
                        .map(json -> json.replaceAll("\\s+", " ")).toList(), StandardCharsets.UTF_8);
            }
            system.step("scenario", String.format(Locale.ROOT, "done %.1f s after the start",
                    (System.nanoTime() - startedAt) / 1e9));
        } catch (Exception | Error e) {
            System.out.println("[it] the system did not start or the devices did not run; logs in " + system.logs);
            throw e;
        }
    }

    @AfterAll
    void stopEverything() {
        if (events != null) {
            events.close();
        }
        if (intruder != null) {
            intruder.close();
        }
        if (system != null) {
            system.close();
        }
        System.out.printf(Locale.ROOT, "[it] whole run %.1f s; logs in %s%n", (System.nanoTime() - startedAt) / 1e9,
                Repo.TARGET.resolve("it-logs"));
    }

    // ---- the checks

    @Test
    @Order(1)
    void everyRegisteredDeviceInstallsAKeyAndTheUnregisteredOneNone() {
        for (PlannedDevice device : registered) {
            DeviceReport report = reports.get(device.ieee());
            assertThat(report).as("report of %s", device).isNotNull();
            assertThat(report.keyInstalled()).as("%s: %s %s", device, report.outcome(), report.detail()).isTrue();
            assertThat(report.installedKey()).as("%s revealed its key", device).isPresent();
        }
        DeviceReport stranger = reports.get(unregistered.ieee());
        assertThat(stranger).as("report of the unregistered device").isNotNull();
        assertThat(stranger.keyInstalled()).as("the unregistered device: %s", stranger.outcome()).isFalse();
        assertThat(registered.stream().map(d -> reports.get(d.ieee()).installedKey().orElseThrow().fingerprint()).distinct())
                .as("every device has its own key").hasSize(REGISTERED);
    }

    @Test
    @Order(2)
    void theEventsOfEveryDeviceAreRequestedKeyIssuedKeyProvisionedAndTheUnregisteredOneIsRejected() {
        assertThat(unreadableEvents).as("events that are not EnrolmentEvent JSON").isEmpty();
        for (PlannedDevice device : registered) {
            List<State> states = statesOf(device.ieee());
            assertThat(states).as("events of %s in arrival order", device)
                    .containsExactly(State.REQUESTED, State.KEY_ISSUED, State.KEY_PROVISIONED);
            EnrolmentEvent provisioned = event(device.ieee(), State.KEY_PROVISIONED).orElseThrow();
            assertThat(provisioned.getKeyIdentifier()).matches("[0-9a-f]{32}@" + DistributedSystem.MEF_FQDN);
            assertThat(provisioned.getGatewayIeee()).isEqualTo(DistributedSystem.GATEWAY.toTopicHex());
        }
        List<State> rejected = statesOf(unregistered.ieee());
        assertThat(rejected).as("events of the unregistered device").contains(State.REJECTED)
                .doesNotContain(State.KEY_ISSUED, State.KEY_PROVISIONED);
        assertThat(event(unregistered.ieee(), State.REJECTED).orElseThrow().getRejectionCode())
                .isEqualTo(Rejection.Code.UNKNOWN_DEVICE);
        // Both key-forge replicas took requests from the shared subscription; provisioning told the rest.
        List<String> emitters;
        synchronized (eventLog) {
            emitters = eventLog.stream().map(EnrolmentEvent::getEmittedBy).distinct().toList();
        }
        assertThat(emitters).as("emitted_by of the events").contains("key-forge-1", "key-forge-2", "provisioning-1");
    }

    @Test
    @Order(3)
    void theInstalledKeyIsTheFirstHalfOfWhatMefFetchKeyPrintsForTheTarget() throws IOException {
        for (PlannedDevice device : registered) {
            String keyId = event(device.ieee(), State.KEY_PROVISIONED).orElseThrow().getKeyIdentifier();
            CompletedCommand fetched = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60), "mef",
                    "fetch-key", "--mef", "https://127.0.0.1:" + system.mefPort, "--psk-identity",
                    DistributedSystem.APPLICATION_KPM_ID, "--psk-file", system.applicationPskFile.toString(),
                    "--key-id", keyId);
            assertThat(fetched.exitStatus()).as("fetch-key %s: %s", device, fetched.err()).isZero();
            String keyValue = fetched.out().strip();
            assertThat(keyValue).as("Key Value of %s", device).matches("[0-9A-F]{64}");
            mefKeyValues.put(device.ieee(), keyValue);
            String installed = HexFormat.of().withUpperCase().formatHex(
                    reports.get(device.ieee()).installedKey().orElseThrow().toBytes());
            assertThat(keyValue.substring(0, 32)).as("%s: installed key = first half of the MEF's Key Value", device)
                    .isEqualTo(installed);
            commandOutputs.add("fetch-key stderr: " + fetched.err());
        }
        // The MEF gives a key to the identities in its targetIDs only: provisioning registered it but may not read it.
        String keyId = event(registered.get(0).ieee(), State.KEY_PROVISIONED).orElseThrow().getKeyIdentifier();
        CompletedCommand refused = EnrolgateProcess.run(Map.of(), null, Duration.ofSeconds(60), "mef", "fetch-key",
                "--mef", "https://127.0.0.1:" + system.mefPort, "--psk-identity", DistributedSystem.PROVISIONING_KPM_ID,
                "--psk-file", system.secret("psk-copy", HexFormat.of().formatHex(system.provisioningPsk)).toString(),
                "--key-id", keyId);
        assertThat(refused.exitStatus()).as(refused.describe()).isEqualTo(3);
        assertThat(refused.out()).isEmpty();
        commandOutputs.add("refused fetch-key: " + refused.describe());
    }

    @Test
    @Order(4)
    void tsharkGivenOnlyTheLinkKeysFindsTheInstalledKeysInTheCapture() throws Exception {
        Map<String, String> linkKeys = linkKeys();
        List<String> command = new ArrayList<>(List.of(tshark(), "-r", system.pcap.toString(), "-T", "fields",
                "-E", "separator=;", "-e", "zbee_aps.cmd.key", "-e", "zbee_aps.cmd.dst"));
        linkKeys.forEach((ieee, key) -> command.addAll(1, List.of("-o",
                "uat:zigbee_pc_keys:\"" + key + "\",\"Normal\",\"" + ieee + "\"")));
        Process tshark = new ProcessBuilder(command).redirectError(system.logs.resolve("tshark.err").toFile()).start();
        String output = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tshark.exitValue()).as("tshark: %s", Files.readString(system.logs.resolve("tshark.err"))).isZero();
        Map<String, String> keyTo = new LinkedHashMap<>();
        for (String row : output.lines().toList()) {
            String[] columns = (row + ";;").split(";", -1);
            if (!columns[0].isEmpty()) {
                keyTo.put(columns[1].replace(":", "").toLowerCase(Locale.ROOT), columns[0].replace(":", "")
                        .toLowerCase(Locale.ROOT));
            }
        }
        for (PlannedDevice device : registered) {
            String installed = HexFormat.of().formatHex(reports.get(device.ieee()).installedKey().orElseThrow().toBytes());
            assertThat(keyTo.get(device.ieee().toTopicHex())).as("the Transport Key tshark decrypted for %s", device)
                    .isEqualTo(installed);
        }
        assertThat(keyTo).as("no Transport Key for the unregistered device").doesNotContainKey(
                unregistered.ieee().toTopicHex());
    }

    @Test
    @Order(5)
    void aGatewayMayNotPublishOnAnotherGatewaysRequestTopic() {
        assertThat(intruderCodes.get("publish on the gateway's request topic")).as("PUBACK reason code")
                .isEqualTo(MqttProbe.NOT_AUTHORIZED);
        for (EgRequest request : refusedRequests) {
            assertThat(eventLog).as("no event for the refused request").noneMatch(e -> e.getRequestId().equals(
                    request.getRequestId()));
        }
        // The same identity on its own topic is heard and answered: the refusal was the ACL, not a broken client.
        assertThat(intruderCodes.get("publish on its own request topic")).isZero();
        assertThat(eventLog).as("key-forge heard the intruder on its own topic").anyMatch(e -> e.getRequestId().equals(
                intruderOwnRequest.getRequestId()) && e.getState() == State.REJECTED
                && e.getGatewayIeee().equals(DistributedSystem.INTRUDER.toTopicHex()));
    }

    @Test
    @Order(6)
    void aGatewayReceivesNothingOfAnotherGatewaysResponses() throws Exception {
        String victim = "enrolgate/v1/gw/" + DistributedSystem.GATEWAY.toTopicHex() + "/eg/response";
        List<MqttProbe.Received> got = intruder.received();
        assertThat(got).as("what the intruder received").allMatch(m -> m.topic().equals(
                "enrolgate/v1/gw/" + DistributedSystem.INTRUDER.toTopicHex() + "/eg/response"));
        assertThat(got).as("the answer to its own request").isNotEmpty();
        for (MqttProbe.Received message : got) {
            EgResponse own = EgResponse.parseFrom(message.payload());
            assertThat(own.getRequestId()).as("only answers to its own request").isEqualTo(
                    intruderOwnRequest.getRequestId());
            assertThat(own.getRejection().getCode()).isEqualTo(Rejection.Code.UNKNOWN_DEVICE);
        }
        // The dynamic-security plugin refuses the subscriptions at SUBACK, and nothing came through either:
        System.out.println("[it] intruder SUBACK/PUBACK reason codes: " + intruderCodes);
        for (String filter : List.of(victim, "enrolgate/v1/gw/+/eg/response", "enrolgate/v1/#")) {
            assertThat(intruderCodes.get("subscribe " + filter)).as("SUBACK of " + filter).isEqualTo(MqttProbe.NOT_AUTHORIZED);
        }
        assertThat(intruderCodes.get("subscribe its own response topic")).as("SUBACK of its own responses").isEqualTo(1);
        assertThat(eventLog.stream().filter(e -> e.getState() == State.KEY_ISSUED && e.getGatewayIeee().equals(
                DistributedSystem.GATEWAY.toTopicHex())).count()).as("responses did flow to the gateway meanwhile")
                .isGreaterThanOrEqualTo(reports.values().stream().filter(DeviceReport::keyInstalled).count()).isPositive();
    }

    @Test
    @Order(7)
    void provisioningRegisteredEveryNodeInTheCse() throws IOException {
        for (PlannedDevice device : registered) {
            String path = io.enrolgate.testfixtures.AcmeCse.CSE_BASE + "/zigbee-" + device.ieee().toTopicHex();
            assertThat(system.cse.retrieve(path).path("m2m:ae").isObject()).as("AE %s in the CSE", path).isTrue();
        }
    }

    @Test
    @Order(8)
    void everyServiceIsStillUpAndAnswersItsHealthAndMetricsEndpoints() {
        for (EnrolgateProcess service : system.services()) {
            assertThat(service.isAlive()).as("%s is running:%n%s", service.name(), service.tail()).isTrue();
        }
        system.adminPorts().forEach((name, port) -> {
            assertThat(EnrolgateProcess.get(port, "/health/live")).as(name).isNotNull();
            assertThat(EnrolgateProcess.get(port, "/metrics")).as("%s /metrics", name).isNotBlank();
        });
    }

    @Test
    @Order(20)
    void theEnrolmentsPerSecondTheDistributedSetupHolds() throws Exception {
        int seconds = Integer.getInteger("enrolgate.it.load-seconds", 20);
        org.junit.jupiter.api.Assumptions.assumeTrue(seconds > 0, "measurement off (enrolgate.it.load-seconds=0)");
        List<IeeeAddress> devices = new ArrayList<>();
        for (int i = 0; i < LOAD_DEVICES; i++) {
            devices.add(new IeeeAddress(0x00124B00BE000000L + i));
        }
        Map<IeeeAddress, String> gateways = new LinkedHashMap<>();
        DistributedSystem.LOAD_GATEWAYS.forEach(g -> gateways.put(g, system.password(g.toTopicHex())));
        Map<String, Long> cpuBefore = cpuTimes();
        long provisionedBefore = countEvents(State.KEY_PROVISIONED);
        EnrolmentLoad load = new EnrolmentLoad(system.broker.serverUri(), gateways, devices, 16);
        Duration warmup = Duration.ofSeconds(Math.max(3, seconds / 3));
        long start = System.nanoTime();
        EnrolmentLoad.Report report = load.run(warmup, Duration.ofSeconds(seconds));
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = cpuTimes();
        long provisioned = countEvents(State.KEY_PROVISIONED) - provisionedBefore;
        String cpu = cpuAfter.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(),
                (e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L)) / 100.0)).collect(Collectors.joining(", "));
        String text = String.join("\n",
                "Distributed enrolments/s on this machine (" + Runtime.getRuntime().availableProcessors() + " CPUs, load"
                        + " average now " + Files.readString(Path.of("/proc/loadavg")).strip() + ")",
                "  " + report.describe(),
                "  against: key-forge x " + DistributedSystem.KEY_FORGE_REPLICAS + " (separate JVMs, PostgreSQL registry,"
                        + " service log level " + System.getProperty("enrolgate.it.log-level", "DEBUG") + "), Mosquitto"
                        + " with the production ACL, provisioning + MEF + ACME CSE running behind them",
                String.format(Locale.ROOT, "  warm-up %d s not counted; measured %d s; %d requests still unanswered 30 s"
                        + " after the window", warmup.toSeconds(), seconds, report.late()),
                String.format(Locale.ROOT, "  provisioning meanwhile: %d KEY_PROVISIONED events in %.1f s (%.1f/s: MEF"
                        + " registration + AE in the CSE)", provisioned, elapsed, provisioned / elapsed),
                "  CPU seconds used during the run (warm-up included): " + cpu,
                "  command: ./mvnw -pl integration-tests -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Denrolgate.it.load-seconds=" + seconds + Optional.ofNullable(System.getProperty(
                                "enrolgate.it.log-level")).map(l -> " -Denrolgate.it.log-level=" + l).orElse("")
                        + "  (DistributedEnrolmentIT#theEnrolmentsPerSecondTheDistributedSetupHolds)");
        System.out.println("[it] " + text.replace("\n", "\n[it] "));
        Files.writeString(Repo.TARGET.resolve("enrolments-per-second.txt"), text + "\n", StandardCharsets.UTF_8);
        assertThat(report.answered()).as(report.describe()).isPositive();
        assertThat(report.rejected()).as("every load device is registered").isZero();
    }

    /**
     * Found by this module: Mosquitto 2.0.11's acl_file does not check SUBSCRIBE, so a gateway identity could join
     * {@code $share/key-forge/...}; it received nothing (every delivery is checked against its read rights) but the
     * broker still gave it its round-robin turn and dropped the message: about 1 in (replicas + 1) of every
     * gateway's EG Requests vanished (measured: 20 of 30 answered). The dynamic-security plugin refuses the
     * subscription (SUBACK 0x87), and every request is answered.
     */
    @Test
    @Order(25)
    void aGatewayCannotMakeRequestsVanishByJoiningKeyForgesSharedSubscription() throws Exception {
        String share = "$share/key-forge/enrolgate/v1/gw/+/eg/request";
        int suback = intruder.subscribe(share);
        assertThat(suback).as("SUBACK of a gateway's subscription to key-forge's share group").isEqualTo(0x87);
        IeeeAddress gateway = DistributedSystem.LOAD_GATEWAYS.get(0);
        int sent = 30;
        try (MqttProbe victim = MqttProbe.connect(system.broker.serverUri(), "it-share-victim", gateway.toTopicHex(),
                system.password(gateway.toTopicHex()))) {
            String responses = "enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/response";
            victim.subscribe(responses);
            for (int i = 0; i < sent; i++) {
                EgRequest request = request(gateway, new IeeeAddress(0x00124B00BE000000L + i));
                victim.publish("enrolgate/v1/gw/" + gateway.toTopicHex() + "/eg/request", request.toByteArray(),
                        requestProperties(responses, request));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (victim.received().size() < sent && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int answered = victim.received().size();
            System.out.printf(Locale.ROOT, "[it] share-group probe: SUBACK 0x%02x for %s; %d of %d requests of gateway %s"
                    + " answered%n", suback, share, answered, sent, gateway.toTopicHex());
            assertThat(answered).as("requests answered while a gateway sits in key-forge's share group (SUBACK 0x%s)",
                    Integer.toHexString(suback)).isEqualTo(sent);
        } finally {
            intruder.unsubscribe(share);
        }
    }

    @Test
    @Order(9)
    void noKeyBytesInAnyServiceLogEventMetricOrCseResource() throws Exception {
        scanForKeys(true);
    }

    /** The same scan once more after the load (the CSE, busy with the load's backlog, left out). */
    @Test
    @Order(30)
    void stillNoKeyBytesInAnyServiceLogEventOrMetricAfterTheLoad() throws Exception {
        scanForKeys(false);
    }

    private void scanForKeys(boolean withCse) throws Exception {
        SecretForms secrets = new SecretForms();
        for (PlannedDevice device : registered) {
            String ieee = device.ieee().toTopicHex();
            secrets.add("network key of " + ieee, reports.get(device.ieee()).installedKey().orElseThrow().toBytes());
            secrets.add("install code of " + ieee, device.installCode().toBytesWithCrc());
            Optional.ofNullable(mefKeyValues.get(device.ieee())).ifPresent(v -> secrets.add("MEF Key Value of " + ieee,
                    HexFormat.of().parseHex(v)));
        }
        secrets.add("install code of the unregistered device", unregistered.installCode().toBytesWithCrc());
        linkKeys().forEach((ieee, key) -> secrets.add("link key of " + ieee, HexFormat.of().parseHex(key)));
        secrets.add("registry key-encryption key", system.registryKek);
        secrets.add("MEF key-encryption key", system.mefKek);
        secrets.add("provisioning's MEF PSK", system.provisioningPsk);
        secrets.add("the application's MEF PSK", system.applicationPsk);
        assertThat(mefKeyValues).as("the fetch-key test ran first").hasSize(REGISTERED);

        Map<String, String> sources = new LinkedHashMap<>();
        for (EnrolgateProcess service : system.services()) {
            sources.put(service.name() + " log", Files.readString(service.log(), StandardCharsets.ISO_8859_1));
        }
        system.adminPorts().forEach((name, port) -> sources.put(name + " /metrics", EnrolgateProcess.get(port, "/metrics")));
        sources.put("Mosquitto log", system.broker.log());
        sources.put("ACME CSE logs", system.cse.log());
        if (withCse) {
            sources.put("ACME CSE resource tree", system.cse.walkResourceTree());
        }
        sources.put("gateway simulator log (untrusted: relays ciphertext only)",
                Files.readString(system.logs.resolve("eg-gateway-sim.log"), StandardCharsets.ISO_8859_1));
        sources.put("radio capture (pcap)", Files.readString(system.pcap, StandardCharsets.ISO_8859_1));
        synchronized (eventLog) {
            sources.put("events (" + eventPayloads.size() + ")", String.join("\n", eventPayloads));
        }
        sources.put("everything the second gateway received", intruder.received().stream()
                .map(m -> new String(m.payload(), StandardCharsets.ISO_8859_1)).collect(Collectors.joining("\n")));
        sources.put("enrolgate command output (device import/add, fetch-key stderr, refused fetch-key)",
                String.join("\n", commandOutputs));
        List<String> findings = new ArrayList<>();
        sources.forEach((source, text) -> findings.addAll(secrets.findIn(source, text)));
        System.out.printf(Locale.ROOT, "[it] leak scan: %d secrets x 12 forms in %d sources (%d KiB of service logs,"
                + " %d events)%n", secrets.size(), sources.size(), system.services().stream()
                        .mapToLong(s -> s.log().toFile().length()).sum() / 1024, eventPayloads.size());
        assertThat(findings).as("key material found").isEmpty();
        if (withCse) {
            // Not vacuous: the CSE does hold the nodes, by their names and key identifiers only.
            assertThat(sources.get("ACME CSE resource tree")).contains("zigbee-" + registered.get(0).ieee().toTopicHex());
        }
    }

    // ---- the scenario

    private void planDevices() {
        SecureRandom random = new SecureRandom();
        int[] lengths = {16, 8, 12, 6};
        for (int i = 0; i <= REGISTERED; i++) {
            byte[] code = new byte[lengths[i % lengths.length]];
            random.nextBytes(code);
            InstallCode installCode = InstallCode.withComputedCrc(code);
            boolean sleepy = i < REGISTERED && (long) (i + 1) * SLEEPY / REGISTERED > (long) i * SLEEPY / REGISTERED;
            PlannedDevice device = new PlannedDevice(new IeeeAddress(FIRST_IEEE + i), installCode, installCode, sleepy);
            if (i < REGISTERED) {
                registered.add(device);
            } else {
                unregistered = device;
            }
        }
    }

    /** All but one with {@code enrolgate device import} (plus the load devices), the last with {@code device add}. */
    private void registerDevices() throws IOException {
        StringBuilder csv = new StringBuilder("ieee,install_code,targets,labels\n");
        for (PlannedDevice device : registered.subList(0, REGISTERED - 1)) {
            csv.append(device.ieee().toTopicHex()).append(',').append(HexFormat.of().formatHex(
                    device.installCode().toBytesWithCrc())).append(',').append(DistributedSystem.APPLICATION_AE_ID)
                    .append(",source=integration-test\n");
        }
        byte[] loadCode = system.bytes(16);
        String loadCodeHex = HexFormat.of().formatHex(InstallCode.withComputedCrc(loadCode).toBytesWithCrc());
        for (int i = 0; i < LOAD_DEVICES; i++) {
            csv.append(new IeeeAddress(0x00124B00BE000000L + i).toTopicHex()).append(',').append(loadCodeHex).append(',')
                    .append(DistributedSystem.APPLICATION_AE_ID).append(",source=load\n");
        }
        Path file = system.secret("devices.csv", csv.toString());
        List<String> importArguments = new ArrayList<>(List.of("device", "import"));
        importArguments.addAll(system.registryOptions());
        importArguments.add(file.toString());
        CompletedCommand imported = EnrolgateProcess.run(system.registryEnvironment(), null, Duration.ofSeconds(120),
                importArguments.toArray(String[]::new));
        assertThat(imported.exitStatus()).as(imported.describe()).isZero();
        PlannedDevice last = registered.get(REGISTERED - 1);
        List<String> addArguments = new ArrayList<>(List.of("device", "add"));
        addArguments.addAll(system.registryOptions());
        addArguments.addAll(List.of("--ieee", last.ieee().toTopicHex(), "--install-code",
                HexFormat.of().formatHex(last.installCode().toBytesWithCrc()), "--target", DistributedSystem.APPLICATION_AE_ID));
        CompletedCommand added = EnrolgateProcess.run(system.registryEnvironment(), null, Duration.ofSeconds(60),
                addArguments.toArray(String[]::new));
        assertThat(added.exitStatus()).as(added.describe()).isZero();
        commandOutputs.add("device import: " + imported.describe());
        commandOutputs.add("device add: " + added.describe());
        system.step("registry (enrolgate device import + add)", (REGISTERED + LOAD_DEVICES) + " devices; "
                + unregistered.ieee().toTopicHex() + " left out on purpose");
    }

    /** The user {@code events} follows every enrolment event, as a dashboard would. */
    private void followEvents() throws Exception {
        events = MqttProbe.connect(system.broker.serverUri(), "it-events", "events", system.password("events"));
        events.onMessage(message -> {
            String json = new String(message.payload(), StandardCharsets.UTF_8);
            EnrolmentEvent.Builder event = EnrolmentEvent.newBuilder();
            try {
                JsonFormat.parser().merge(json, event);
            } catch (IOException e) {
                synchronized (eventLog) {
                    unreadableEvents.add(message.topic() + ": " + e.getMessage());
                }
                return;
            }
            synchronized (eventLog) {
                eventLog.add(event.build());
                eventPayloads.add(json);
            }
        });
        assertThat(events.subscribe(EVENTS)).as("SUBACK of the events user").isEqualTo(1);
    }

    /**
     * A second gateway, a legitimate broker identity of its own, subscribes to the first gateway's responses (exactly,
     * and with a wildcard) before any device joins.
     */
    private void placeTheIntruder() throws Exception {
        String me = DistributedSystem.INTRUDER.toTopicHex();
        intruder = MqttProbe.connect(system.broker.serverUri(), "it-intruder", me, system.password(me));
        String victim = "enrolgate/v1/gw/" + DistributedSystem.GATEWAY.toTopicHex() + "/eg/response";
        for (String filter : List.of(victim, "enrolgate/v1/gw/+/eg/response", "enrolgate/v1/#")) {
            intruderCodes.put("subscribe " + filter, intruder.subscribe(filter));
        }
        intruderCodes.put("subscribe its own response topic", intruder.subscribe("enrolgate/v1/gw/" + me + "/eg/response"));
    }

    /**
     * The second gateway publishes EG Requests in the first gateway's name on its request topic (for a registered
     * device, and for the device the first gateway is about to enrol); then one on its own topic.
     */
    private void tryToPublishAsTheIntruder() throws Exception {
        String victimTopic = "enrolgate/v1/gw/" + DistributedSystem.GATEWAY.toTopicHex() + "/eg/request";
        String me = DistributedSystem.INTRUDER.toTopicHex();
        EgRequest forged = request(DistributedSystem.GATEWAY, registered.get(0).ieee());
        refusedRequests.add(forged);
        intruderCodes.put("publish on the gateway's request topic", intruder.publish(victimTopic, forged.toByteArray(),
                requestProperties("enrolgate/v1/gw/" + me + "/eg/response", forged)));
        EgRequest redirected = request(DistributedSystem.GATEWAY, registered.get(1).ieee());
        refusedRequests.add(redirected);
        intruderCodes.put("publish on the gateway's request topic, answer to the gateway", intruder.publish(victimTopic,
                redirected.toByteArray(), requestProperties("enrolgate/v1/gw/" + DistributedSystem.GATEWAY.toTopicHex()
                        + "/eg/response", redirected)));
        // For a device nobody registered (not the simulated stranger, whose own REJECTED must come through the gateway).
        intruderOwnRequest = request(DistributedSystem.INTRUDER, IeeeAddress.parse("00124b00e10000ff"));
        intruderCodes.put("publish on its own request topic", intruder.publish("enrolgate/v1/gw/" + me + "/eg/request",
                intruderOwnRequest.toByteArray(), requestProperties("enrolgate/v1/gw/" + me + "/eg/response",
                        intruderOwnRequest)));
    }

    private static EgRequest request(IeeeAddress gateway, IeeeAddress device) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        return EgRequest.newBuilder().setRequestId(ByteString.copyFrom(id)).setGatewayIeee(gateway.value())
                .setGatewayShort(0).setPanId(DistributedSystem.PAN_ID).setDeviceIeee(device.value()).setDeviceShort(0x7777)
                .setCapabilityInformation(0x80).setReceivedUnixMs(System.currentTimeMillis()).build();
    }

    private static MqttProperties requestProperties(String responseTopic, EgRequest request) {
        MqttProperties properties = new MqttProperties();
        properties.setResponseTopic(responseTopic);
        properties.setCorrelationData(request.getRequestId().toByteArray());
        properties.setContentType("application/x-protobuf");
        return properties;
    }

    /** The device simulator: install codes through a pipe, one JSON report per device back (keys revealed: tests only). */
    private void runDevices() throws Exception {
        // ~0.5 s listening for beacons (default ~0.14 s): a loaded machine may answer a beacon request late.
        List<String> options = List.of("--scan-duration", "5", "--key-timeout-ms", Long.toString(KEY_TIMEOUT.toMillis()));
        try (SimulatedDevices devices = SimulatedDevices.start(system.firmware.deviceSim(), system.mediumPort,
                DistributedSystem.PAN_ID, DistributedSystem.CHANNEL, Duration.ofMillis(25), options, allDevices(),
                system.logs.resolve("eg-device-sim.log"))) {
            if (!devices.readReports(report -> reports.put(report.ieee(), report), malformed -> {
                throw malformed;
            }, Duration.ofSeconds(120))) {
                throw new IllegalStateException("eg-device-sim did not finish within 120 s; " + devices.tail());
            }
        }
        system.step("eg-device-sim", reports.size() + " reports; " + reports.values().stream().filter(
                DeviceReport::keyInstalled).count() + " keys installed");
    }

    /** Until every registered device's key is provisioned and the stranger is rejected, or 60 s. */
    private void awaitSettled() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean provisioned = registered.stream().allMatch(d -> event(d.ieee(), State.KEY_PROVISIONED).isPresent());
            if (provisioned && event(unregistered.ieee(), State.REJECTED).isPresent()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private List<PlannedDevice> allDevices() {
        return Stream.concat(registered.stream(), Stream.of(unregistered)).toList();
    }

    /** {@code ieee,link_key} of every device, from the device simulator ({@code --print-link-keys}). */
    private Map<String, String> linkKeys() throws Exception {
        Process process = new ProcessBuilder(system.firmware.deviceSim().toString(), "--devices-csv", "-",
                "--print-link-keys").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            for (PlannedDevice device : allDevices()) {
                stdin.write((device.simulatorLine() + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : output.split("\\s+")) {
            if (line.contains(",")) {
                String[] parts = line.split(",");
                keys.put(parts[0].toLowerCase(Locale.ROOT), parts[1]);
            }
        }
        assertThat(keys).as("link keys printed by eg-device-sim").hasSize(REGISTERED + 1);
        return keys;
    }

    private static String tshark() {
        return Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "tshark")).filter(Files::isExecutable)
                .findFirst().map(Path::toString).orElseThrow(() -> new IllegalStateException("tshark is not installed"
                        + " (Debian package tshark; deploy/dev/ensure-test-tools.sh installs it)"));
    }

    /** The states of the events of {@code device} through the simulated gateway, in arrival order, each once. */
    private List<State> statesOf(IeeeAddress device) {
        synchronized (eventLog) {
            return eventLog.stream().filter(e -> isScenario(e, device)).map(EnrolmentEvent::getState).distinct().toList();
        }
    }

    private Optional<EnrolmentEvent> event(IeeeAddress device, State state) {
        synchronized (eventLog) {
            return eventLog.stream().filter(e -> isScenario(e, device) && e.getState() == state).findFirst();
        }
    }

    private static boolean isScenario(EnrolmentEvent event, IeeeAddress device) {
        return event.getDeviceIeee().equals(device.toTopicHex())
                && event.getGatewayIeee().equals(DistributedSystem.GATEWAY.toTopicHex());
    }

    private long countEvents(State state) {
        synchronized (eventLog) {
            return eventLog.stream().filter(e -> e.getState() == state).count();
        }
    }

    /** CPU time (clock ticks, user + system) of every process of the system, from /proc. */
    private Map<String, Long> cpuTimes() {
        Map<String, Long> times = new LinkedHashMap<>();
        for (EnrolgateProcess service : system.services()) {
            times.put(service.name(), ticks(service.pid()));
        }
        times.put("test JVM (load generator)", ticks(ProcessHandle.current().pid()));
        // Only this run's processes: other builds may share the machine.
        ProcessHandle.current().children().filter(p -> p.info().command().map(c -> c.endsWith("/mosquitto")
                || c.contains("acmecse") || c.contains("python")).orElse(false)).forEach(p -> {
                    String name = p.info().command().orElse("?").endsWith("/mosquitto") ? "mosquitto" : "ACME CSE";
                    times.merge(name, ticks(p.pid()) + p.descendants().mapToLong(d -> ticks(d.pid())).sum(), Long::sum);
                });
        try {
            long postmaster = Long.parseLong(Files.readAllLines(system.postgres.dataDirectory().resolve("postmaster.pid"))
                    .get(0).strip());
            times.put("postgres", ticks(postmaster) + ProcessHandle.of(postmaster).stream()
                    .flatMap(ProcessHandle::descendants).mapToLong(d -> ticks(d.pid())).sum());
        } catch (IOException | RuntimeException e) {
            times.put("postgres (unknown)", 0L);
        }
        return times;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
