package io.enrolgate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.demo.core.PlannedDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The security invariant "no key value in clear on the broker, in logs, events, metrics, CSE resources" checked on
 * what the {@link EnrolmentScenario} left behind: every secret of the run, in each of the forms {@link SecretForms}
 * knows, searched for in every log, metric, event, CSE resource, the capture and the commands' output.
 */
final class KeyLeakScan {
    private KeyLeakScan() {
    }

    /**
     * @param withCse whether to walk the CSE's resource tree too (left out after the load: the CSE is then busy
     *     with the load's backlog)
     */
    static void assertNoKeyBytes(EnrolmentScenario scenario, boolean withCse) throws Exception {
        DistributedSystem system = scenario.system;
        SecretForms secrets = secretsOf(scenario);
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
        List<String> eventPayloads = scenario.events.payloads();
        sources.put("events (" + eventPayloads.size() + ")", String.join("\n", eventPayloads));
        sources.put("everything the second gateway received", scenario.intruder.received().stream()
                .map(m -> new String(m.payload(), StandardCharsets.ISO_8859_1)).collect(Collectors.joining("\n")));
        sources.put("enrolgate command output (device import/add, fetch-key stderr, refused fetch-key)",
                String.join("\n", scenario.commandOutputs));
        List<String> findings = new ArrayList<>();
        sources.forEach((source, text) -> findings.addAll(secrets.findIn(source, text)));
        System.out.printf(Locale.ROOT, "[it] leak scan: %d secrets x 12 forms in %d sources (%d KiB of service logs,"
                + " %d events)%n", secrets.size(), sources.size(), system.services().stream()
                        .mapToLong(s -> s.log().toFile().length()).sum() / 1024, eventPayloads.size());
        assertThat(findings).as("key material found").isEmpty();
        if (withCse) {
            // Not vacuous: the CSE does hold the nodes, by their names and key identifiers only.
            assertThat(sources.get("ACME CSE resource tree")).contains("zigbee-"
                    + scenario.registered.get(0).ieee().toTopicHex());
        }
    }

    /** Every secret of the run: the devices' keys and install codes, the link keys, the services' keys and PSKs. */
    private static SecretForms secretsOf(EnrolmentScenario scenario) throws Exception {
        SecretForms secrets = new SecretForms();
        for (PlannedDevice device : scenario.registered) {
            String ieee = device.ieee().toTopicHex();
            secrets.add("network key of " + ieee, scenario.installedKey(device));
            secrets.add("install code of " + ieee, device.installCode().toBytesWithCrc());
            Optional.ofNullable(scenario.mefKeyValues.get(device.ieee())).ifPresent(v -> secrets.add(
                    "MEF Key Value of " + ieee, HexFormat.of().parseHex(v)));
        }
        secrets.add("install code of the unregistered device", scenario.unregistered.installCode().toBytesWithCrc());
        scenario.linkKeys().forEach((ieee, key) -> secrets.add("link key of " + ieee, HexFormat.of().parseHex(key)));
        DistributedSystem system = scenario.system;
        secrets.add("registry key-encryption key", system.secrets.registryKek);
        secrets.add("MEF key-encryption key", system.secrets.mefKek);
        secrets.add("provisioning's MEF PSK", system.secrets.provisioningPsk);
        secrets.add("the application's MEF PSK", system.secrets.applicationPsk);
        assertThat(scenario.mefKeyValues).as("the fetch-key test ran first").hasSize(EnrolmentScenario.REGISTERED);
        return secrets;
    }
}
