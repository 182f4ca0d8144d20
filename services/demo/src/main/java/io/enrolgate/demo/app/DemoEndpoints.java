package io.enrolgate.demo.app;

import io.enrolgate.common.topics.EnrolgateTopics;
import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.testfixtures.AcmeCse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user needs to reach a running {@link DemoSystem} (with --keep-running): every service's address, and the
 * commands that register a device and fetch a key. The two secrets those commands need are written as files in
 * the run directory (removed when the demo ends), never printed.
 */
final class DemoEndpoints {
    private DemoEndpoints() {
    }

    static List<String> describe(DemoSystem system, DemoOptions options, Path runDirectory, DemoSecrets secrets)
            throws IOException {
        Path kek = runDirectory.resolve("registry.kek");
        Path psk = runDirectory.resolve("demo-app.psk");
        if (!java.nio.file.Files.exists(kek)) {
            secrets.writeRegistryKek(kek);
            secrets.writeApplicationPsk(psk);
        }
        List<String> lines = new ArrayList<>();
        lines.add("MQTT broker:       " + system.broker.serverUri() + "   (events: " + EnrolgateTopics.EVENTS_FILTER + ", anonymous)");
        lines.add("MEF (Mmef):        https://" + DemoSystem.MEF_FQDN + ":" + system.mef.mmefPort() + "   admin (health, metrics): http://127.0.0.1:"
                + system.mef.adminPort());
        system.cse.ifPresent(c -> lines.add("oneM2M CSE (ACME): " + c.pointOfAccess() + "/" + AcmeCse.CSE_BASE));
        lines.add("key-forge:         health/metrics on ports " + system.forges.stream().map(f -> Integer.toString(f.httpPort()))
                .reduce((a, b) -> a + ", " + b).orElse(""));
        system.provisioning.ifPresent(p -> lines.add("provisioning:      health/metrics on port " + p.httpPort()));
        lines.add("serial-bridge:     " + system.uart + ", health/metrics on port " + system.bridge.httpPort());
        if (options.simulatesDevices()) {
            lines.add("radio medium:      ZEP on UDP port " + system.radio.mediumPort() + " (eg-device-sim --port " + system.radio.mediumPort()
                    + " --channels " + DemoSystem.CHANNEL + ")");
        }
        lines.add("Follow the enrolment events:");
        lines.add("  ./enrolgate events --follow --mqtt " + system.broker.serverUri());
        lines.add("Register a device (the registry is shared while the demo runs):");
        lines.add("  ./enrolgate device add --db-url '" + system.registryDatabase.jdbcUrl() + "' --db-user " + system.registryDatabase.user() + " --kek-file " + kek
                + " --ieee IEEE --install-code CODE --target " + DemoSystem.APPLICATION_AE_ID);
        lines.add("Fetch a key as the demo's oneM2M application (key identifier from a KEY_PROVISIONED event):");
        lines.add("  ./enrolgate mef fetch-key --mef https://" + DemoSystem.MEF_FQDN + ":" + system.mef.mmefPort() + " --psk-identity "
                + DemoSystem.APPLICATION_KPM_ID + " --psk-file " + psk + " --key-id KEY-ID --first-half");
        return lines;
    }
}
