package io.enrolgate.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import io.enrolgate.cli.ExitStatus;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.testfixtures.PostgresProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enrolgate device …} against a real PostgreSQL, as an operator of the distributed mode runs it. */
class DeviceCommandPostgresTest {
    @TempDir
    Path directory;

    @Test
    void managesDevicesInPostgresWithAKeyFileAndAPasswordFile() throws Exception {
        try (PostgresProcess postgres = PostgresProcess.start()) {
            String url = postgres.createDatabase("registry");
            Path kek = directory.resolve("kek");
            KeyEncryptionKey.generate(new SecureRandom()).writeNewFile(kek);
            Path password = directory.resolve("db-password");
            Files.writeString(password, postgres.password() + "\n");
            String[] db = {"--db-url", url, "--db-user", postgres.user(), "--db-password-file", password.toString(),
                "--kek-file", kek.toString()};

            CommandRun added = CommandRun.of(concat(new String[] {"device", "add", "--ieee", DeviceCommandTest.IEEE,
                "--install-code", DeviceCommandTest.CODE}, db));
            assertThat(added.exitStatus()).as(added.err()).isZero();
            assertThat(added.err()).doesNotContain("generated");
            assertThat(CommandRun.of(concat(new String[] {"device", "list"}, db)).out())
                    .contains(DeviceCommandTest.IEEE);

            Files.writeString(password, "wrong\n");
            CommandRun refused = CommandRun.of(concat(new String[] {"device", "list"}, db));
            assertThat(refused.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(refused.err()).contains("cannot connect to POSTGRESQL database " + url + " as user postgres")
                    .doesNotContain(postgres.password());
        }
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
