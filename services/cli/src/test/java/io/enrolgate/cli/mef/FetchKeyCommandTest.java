package io.enrolgate.cli.mef;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.EnrolgateCommand;
import io.enrolgate.common.config.ServiceConfig;
import io.enrolgate.mef.app.MefConfig;
import io.enrolgate.mef.app.MefServer;
import io.enrolgate.mef.client.MefClient;
import io.enrolgate.mef.client.MefClientSettings;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.tls.PreSharedKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code enrolgate mef fetch-key} against a real MEF (H2 file database, TLS-PSK on 127.0.0.1). */
class FetchKeyCommandTest {
    private static final String FQDN = "mef.example.com";
    private static final String SOURCE_PSK = "00112233445566778899aabbccddeeff";
    private static final String APP_PSK = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf";

    @TempDir
    static Path directory;
    private static MefServer server;
    private static byte[] keyBytes;
    private static KeyRegistrationReceipt receipt;

    @BeforeAll
    static void startMef() throws Exception {
        Map<String, String> values = Map.ofEntries(
                Map.entry("mef.fqdn", FQDN),
                Map.entry("mef.bind-address", "127.0.0.1"),
                Map.entry("mef.port", "0"),
                Map.entry("admin.bind-address", "127.0.0.1"),
                Map.entry("admin.port", "0"),
                Map.entry("database.url", "jdbc:h2:file:" + directory.resolve("mef")),
                Map.entry("kek", HexFormat.of().formatHex(new byte[32])),
                Map.entry("clients", "provisioning,app,other"),
                Map.entry("client.provisioning.kpm-id", "provisioning"),
                Map.entry("client.provisioning.psk", SOURCE_PSK),
                Map.entry("client.provisioning.onem2m-id", "CProvisioning"),
                Map.entry("client.provisioning.source", "true"),
                Map.entry("client.app.kpm-id", "app"),
                Map.entry("client.app.psk", APP_PSK),
                Map.entry("client.app.onem2m-id", "CApp"),
                Map.entry("client.other.kpm-id", "other"),
                Map.entry("client.other.psk", APP_PSK),
                Map.entry("client.other.onem2m-id", "COther"));
        server = MefServer.start(MefConfig.from(ServiceConfig.of(values, Map.of())));
        keyBytes = new byte[MefKeyValue.LENGTH];
        new SecureRandom().nextBytes(keyBytes);
        MefClient source = new MefClient(MefClientSettings.of(mefUrl(), FQDN, "provisioning",
                PreSharedKey.fromHex(SOURCE_PSK)));
        receipt = source.register(new KeyRegistrationRequest(Suid.END_TO_END_DATA, List.of(new OneM2mId("CApp")),
                MefKeyValue.of(keyBytes), Optional.empty(), List.of()));
    }

    @AfterAll
    static void stopMef() {
        server.close();
    }

    private static String mefUrl() {
        return "https://127.0.0.1:" + server.mmefPort();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EnrolgateCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int status = commandLine.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run fetch(String identity, String psk, String keyId) {
        return run("mef", "fetch-key", "--mef", mefUrl(), "--psk-identity", identity, "--psk", psk,
                "--key-id", keyId);
    }

    @Test
    void printsTheKeyInHex() {
        Run run = fetch("app", APP_PSK, receipt.keyId().toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(HexFormat.of().withUpperCase().formatHex(keyBytes));
    }

    @Test
    void printsTheFirstHalfOnRequest() throws Exception {
        Path pskFile = directory.resolve("app.psk");
        Files.writeString(pskFile, APP_PSK + "\n");

        Run run = run("mef", "fetch-key", "--mef", mefUrl(), "--psk-identity", "app", "--psk-file",
                pskFile.toString(), "--key-id", receipt.keyId().toString(), "--first-half");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).isEqualTo(HexFormat.of().withUpperCase().formatHex(keyBytes, 0, 16));
    }

    @Test
    void anIdentityNotInTargetIdsIsRefused() {
        Run run = fetch("other", APP_PSK, receipt.keyId().toString());

        assertThat(run.status()).isEqualTo(FetchKeyCommand.REFUSED);
        assertThat(run.err()).contains("targetIDs");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anUnknownKeyIsNotFound() {
        Run run = fetch("app", APP_PSK, "0123456789abcdef0123456789abcdef@" + FQDN);

        assertThat(run.status()).isEqualTo(FetchKeyCommand.NOT_FOUND);
    }

    @Test
    void aWrongPskFailsTheHandshake() {
        Run run = fetch("app", SOURCE_PSK, receipt.keyId().toString());

        assertThat(run.status()).isEqualTo(FetchKeyCommand.HANDSHAKE_FAILED);
        assertThat(run.err()).contains("handshake").doesNotContain(SOURCE_PSK);
    }

    @Test
    void malformedOptionsAreBadInput() {
        assertThat(fetch("app", APP_PSK, "not-a-key-id").err()).contains("<RelativeKeyID>@<MEF-FQDN>");
        assertThat(fetch("app", APP_PSK, "not-a-key-id").status()).isEqualTo(2);
        assertThat(fetch("app", "xyz", receipt.keyId().toString()).status()).isEqualTo(2);
        Run http = run("mef", "fetch-key", "--mef", "http://127.0.0.1:1", "--psk-identity", "app", "--psk", APP_PSK,
                "--key-id", receipt.keyId().toString());
        assertThat(http.status()).isEqualTo(2);
        assertThat(http.err()).contains("https://host[:port]");
    }

    @Test
    void anUnreachableMefIsDistinct() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Run run = run("mef", "fetch-key", "--mef", "https://127.0.0.1:" + closedPort, "--psk-identity", "app",
                "--psk", APP_PSK, "--key-id", receipt.keyId().toString());

        assertThat(run.status()).isEqualTo(FetchKeyCommand.UNAVAILABLE);
        assertThat(run.err()).contains("cannot connect");
    }
}
