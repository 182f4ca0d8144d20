package io.enrolgate.cli.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import io.enrolgate.testfixtures.MosquittoProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code enrolgate broker dynamic-security} on the repository's roles template, loaded into a real Mosquitto
 * 2.0.11: the password hashes are the ones the plugin checks (a login works, a wrong password does not), and
 * the plugin refuses the subscriptions the acl_file let through.
 */
class DynamicSecurityCommandTest {
    private static final Path TEMPLATE = Path.of("../../deploy/mosquitto/dynamic-security-roles.json");
    private static final String GATEWAY = "00124b0001020304";
    private static final String OTHER_GATEWAY = "00124b00aaaaaaaa";
    private static final int NOT_AUTHORIZED = 0x87;

    @TempDir
    Path directory;

    @Test
    void theGeneratedFileLogsUsersInAndRefusesWhatTheirRolesDoNotGrant() throws Exception {
        Path passwords = passwords("key-forge", "kf-secret", GATEWAY, "gw-secret", OTHER_GATEWAY, "other-secret");
        Path out = directory.resolve("dynamic-security.json");
        CommandRun run = CommandRun.of("broker", "dynamic-security", "--roles", TEMPLATE.toString(),
                "--passwords", passwords.toString(), "--out", out.toString());
        assertThat(run.exitStatus()).as(run.err()).isZero();
        String json = Files.readString(out);
        assertThat(json).doesNotContain("kf-secret", "gw-secret").contains("\"rolename\" : \"gateway-" + GATEWAY + "\"");

        try (MosquittoProcess broker = MosquittoProcess.builder().dynamicSecurity(json).start()) {
            MqttAsyncClient keyForge = connect(broker, "key-forge", "kf-secret");
            assertThat(subscribe(keyForge, "$share/key-forge/enrolgate/v1/gw/+/eg/request")).isEqualTo(1);
            // The group is part of what the plugin checks: key-forge's grant does not open another group.
            assertThat(subscribe(keyForge, "$share/other/enrolgate/v1/gw/+/eg/request")).isEqualTo(NOT_AUTHORIZED);

            MqttAsyncClient gateway = connect(broker, GATEWAY, "gw-secret");
            assertThat(subscribe(gateway, "enrolgate/v1/gw/" + GATEWAY + "/eg/response")).isEqualTo(1);
            assertThat(subscribe(gateway, "$share/key-forge/enrolgate/v1/gw/+/eg/request")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribe(gateway, "enrolgate/v1/gw/+/eg/request")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribe(gateway, "enrolgate/v1/gw/" + OTHER_GATEWAY + "/eg/response")).isEqualTo(NOT_AUTHORIZED);
            assertThat(subscribe(gateway, "#")).isEqualTo(NOT_AUTHORIZED);

            assertThat(refusedLogin(broker, GATEWAY, "other-secret")).contains("Not authorized");
            assertThat(refusedLogin(broker, "provisioning", "anything")).as("no password file, no client")
                    .contains("Not authorized");
            keyForge.disconnect().waitForCompletion(5_000);
            gateway.disconnect().waitForCompletion(5_000);
        }
    }

    @Test
    void aPasswordFileOfAnUnknownUserIsRefused() throws IOException {
        Path passwords = passwords("key-forge", "kf", "Gateway-1", "x");
        CommandRun run = CommandRun.of("broker", "dynamic-security", "--roles", TEMPLATE.toString(),
                "--passwords", passwords.toString());
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("unknown MQTT user 'Gateway-1'", "16 lower-case hex digits");
    }

    @Test
    void aTemplateThatIsNotTheExpectedJsonIsRefused() throws IOException {
        Path passwords = passwords("key-forge", "kf");
        Path notJson = Files.writeString(directory.resolve("roles.json"), "roles: key-forge");
        assertThat(CommandRun.of("broker", "dynamic-security", "--roles", notJson.toString(), "--passwords",
                passwords.toString()).err()).contains("the roles template is not JSON");
        Path noGateway = Files.writeString(directory.resolve("roles2.json"),
                "{\"defaultACLAccess\":{},\"roles\":[],\"clients\":[]}");
        CommandRun run = CommandRun.of("broker", "dynamic-security", "--roles", noGateway.toString(), "--passwords",
                passwords.toString());
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("has no 'gateway'");
    }

    @Test
    void aDirectoryWithoutPasswordFilesIsRefused() throws IOException {
        Path empty = Files.createDirectory(directory.resolve("empty"));
        CommandRun run = CommandRun.of("broker", "dynamic-security", "--roles", TEMPLATE.toString(), "--passwords",
                empty.toString());
        assertThat(run.exitStatus()).isEqualTo(2);
        assertThat(run.err()).contains("no USER.password file");
        assertThat(CommandRun.of("broker", "dynamic-security", "--roles", TEMPLATE.toString(), "--passwords",
                directory.resolve("missing").toString()).err()).contains("not a directory");
    }

    private Path passwords(String... userThenPassword) throws IOException {
        Path dir = Files.createDirectories(directory.resolve("mqtt-" + UUID.randomUUID()));
        for (int i = 0; i < userThenPassword.length; i += 2) {
            Files.writeString(dir.resolve(userThenPassword[i] + ".password"), userThenPassword[i + 1] + "\n",
                    StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static MqttAsyncClient connect(MosquittoProcess broker, String user, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), user + "-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static String refusedLogin(MosquittoProcess broker, String user, String password) {
        try {
            connect(broker, user, password).disconnect().waitForCompletion(5_000);
            return "accepted";
        } catch (MqttException e) {
            return e.getMessage();
        }
    }

    /** The SUBACK's reason code: the granted QoS, or 0x87 when the plugin refused. */
    private static int subscribe(MqttAsyncClient client, String filter) throws MqttException {
        try {
            var token = client.subscribe(filter, 1);
            token.waitForCompletion(10_000);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80) {
                return e.getReasonCode();
            }
            throw e;
        }
    }
}
