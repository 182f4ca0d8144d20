package io.enrolgate.demo.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.demo.core.DemoOptions;
import io.enrolgate.zigbee.SymmetricKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole demo in this JVM, as {@code enrolgate demo} runs it: the embedded broker, MEF, registry, two
 * key-forge replicas, provisioning, the serial-bridge on the firmware's gateway simulator, simulated devices and
 * the oneM2M application. Needs the firmware's build tools (deploy/dev/ensure-test-tools.sh installs them);
 * uses the ACME CSE when it is installed (the provisioning tests install it), and tshark as an oracle.
 */
class DemoIntegrationTest {
    private static final Path HOME = Path.of(System.getProperty("enrolgate.home", "../..")).toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target", "demo-state").toAbsolutePath();

    @Test
    void everyDeviceInstallsTheKeyTheOneM2mApplicationRetrieves() throws Exception {
        DemoOptions options = DemoOptions.defaults().withStateDirectory(STATE).withDevices(3).withSleepy(1);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = new Demo(options, HOME, false, new PrintWriter(out, true), new PrintWriter(err, true),
                System.getenv()).run();

        String text = out.toString();
        assertThat(status).as("%s%n%s", text, err).isZero();
        assertThat(err.toString()).isEmpty();
        List<String> rows = text.lines().filter(l -> l.startsWith("00124b00de30000")).toList();
        assertThat(rows).hasSize(3);
        Pattern row = Pattern.compile("(00124b00de30000\\d)\\s+(rx-on|sleepy)\\s+yes\\s+([0-9a-f]{8})\\s+([0-9a-f]{8})\\s+yes"
                + "\\s+\\d+ ms");
        List<String> fingerprints = new ArrayList<>();
        for (String line : rows) {
            Matcher m = row.matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            assertThat(m.group(3)).as("installed = retrieved: %s", line).isEqualTo(m.group(4));
            fingerprints.add(m.group(3));
        }
        assertThat(rows.get(2)).contains("sleepy");
        assertThat(text).contains("3 devices: 3 joined, 3 installed a key, 3 keys retrieved by the oneM2M application,"
                + " 3 equal, 0 failed").containsPattern("association → key installed: p50 \\d+ ms, p99 \\d+ ms \\(3 devices\\)")
                .contains("THROWAWAY DEMO KEYS").contains("Result: every device installed the key");
        assertThat(temporaryDirectory(text)).doesNotExist();
        assertThat(options.pcap()).isNotEmptyFile();

        // tshark, given only the printed (throwaway) link keys, finds in the capture the very keys the devices
        // installed; and none of those keys is in the demo's output or logs.
        List<String> networkKeys = tsharkKeys(text);
        if (networkKeys != null) {
            assertThat(networkKeys.stream().map(k -> SymmetricKey.fromHex(k).fingerprint()).distinct())
                    .containsExactlyInAnyOrderElementsOf(fingerprints);
            assertNoKeyIn(networkKeys, text + err + logs());
        }
    }

    @Test
    void aDeviceRegisteredWithAWrongInstallCodeFailsTheRunAndEverythingStopsOnRequest() throws Exception {
        DemoOptions options = DemoOptions.defaults().withStateDirectory(STATE).withDevices(2).withMiscoded(1)
                .withKeepRunning(true);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("ENROLGATE_ACMECSE_HOME", STATE.resolve("no-acme-here").toString()); // the path without a CSE
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Demo demo = new Demo(options, HOME, false, new PrintWriter(out, true), new PrintWriter(err, true), environment);

        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(demo::run);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!out.toString().contains("Press Ctrl-C") && !status.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        String running = out.toString();
        assertThat(running).as("%s%n%s", running, err).contains("Press Ctrl-C");
        int brokerPort = Integer.parseInt(find(running, "MQTT broker:\\s+tcp://127\\.0\\.0\\.1:(\\d+)"));
        assertThat(reachable(brokerPort)).isTrue();
        demo.requestStop();
        int exit = status.get(60, TimeUnit.SECONDS);

        String text = out.toString();
        assertThat(exit).as(text).isEqualTo(1);
        assertThat(text).contains("no oneM2M CSE", "provisioning (MEF Key Registration; no CSE step)");
        assertThat(text).containsPattern("00124b00de300001\\s+rx-on\\s+yes\\s+([0-9a-f]{8})\\s+\\1\\s+yes");
        assertThat(text).containsPattern("00124b00de300002\\s+rx-on\\*\\s+yes\\s+no\\s+[0-9a-f]{8}\\s+NO\\s+-");
        assertThat(text).contains("FAILED 00124b00de300002: device: key_timeout",
                "2 devices: 2 joined, 1 installed a key, 2 keys retrieved by the oneM2M application, 1 equal, 1 failed",
                "Result: 1 of 2 devices did not end with the key the oneM2M application retrieved (exit status 1).",
                "./enrolgate device add --db-url 'jdbc:h2:file:", "./enrolgate mef fetch-key --mef https://localhost:");
        assertThat(temporaryDirectory(text)).doesNotExist();
        assertThat(reachable(brokerPort)).as("the broker is stopped").isFalse();
    }

    private static Path temporaryDirectory(String text) {
        return Path.of(find(text, "temporary state in (\\S+),"));
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/%s/ in:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The network keys tshark shows with the printed command; null when tshark is not installed. */
    private static List<String> tsharkKeys(String text) throws Exception {
        if (Stream.of(System.getenv("PATH").split(":")).noneMatch(d -> Files.isExecutable(Path.of(d, "tshark")))) {
            return null;
        }
        String command = text.lines().map(String::strip).filter(l -> l.startsWith("tshark -r ")).findFirst().orElseThrow();
        Process tshark = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> keys = output.lines().map(l -> l.split("\t")).filter(f -> f.length == 2)
                .map(f -> f[1].replace(":", "").toLowerCase(Locale.ROOT)).toList();
        assertThat(keys).as("tshark output:%n%s", output).hasSize(3);
        return keys;
    }

    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(STATE.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    private static void assertNoKeyIn(List<String> keys, String text) {
        for (String key : keys) {
            byte[] bytes = HexFormat.of().parseHex(key);
            for (String form : List.of(key, key.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(bytes),
                    new String(bytes, StandardCharsets.ISO_8859_1))) {
                assertThat(text).doesNotContain(form);
            }
        }
    }

}
