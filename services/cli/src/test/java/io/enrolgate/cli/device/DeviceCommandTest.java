package io.enrolgate.cli.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.cli.CommandRun;
import io.enrolgate.cli.ExitStatus;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.registry.device.DeviceStatus;
import io.enrolgate.registry.store.RegistryStore;
import io.enrolgate.registry.store.RegistryStoreBuilder;
import io.enrolgate.zigbee.IeeeAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code enrolgate device …} run in-process on the embedded registry. */
class DeviceCommandTest {
    static final String CODE = "83FED3407A939723A5C639B26916D505C3B5";
    static final String LINK_KEY = "66B6900981E1EE3CA4206B6B861C02BB";
    static final String IEEE = "000D6F000A0B0C0D";

    @TempDir
    Path directory;

    private CommandRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--state-dir");
        all.add(directory.resolve("state").toString());
        return CommandRun.of(all.toArray(String[]::new));
    }

    @Test
    void addGeneratesTheEmbeddedKeyOnceAndSaysSo() throws Exception {
        CommandRun added = run("device", "add", "--ieee", IEEE, "--install-code", CODE, "--target", "CAdmin",
                "--target", "/in-cse/Capp", "--label", "room=kitchen");
        assertThat(added.exitStatus()).as(added.err()).isZero();
        assertThat(added.out()).contains("registered " + IEEE + " (install code set, status ACTIVE)");
        Path kek = directory.resolve("state/kek");
        assertThat(added.err()).contains("generated a new key-encryption key in " + kek, "mode 0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kek))).isEqualTo("rw-------");

        // The same key is used next time, silently, and it opens the secret stored the first time.
        CommandRun second = run("device", "add", "--install-code", "Z:000D6F000A0B0C0E$I:" + CODE);
        assertThat(second.exitStatus()).as(second.err()).isZero();
        assertThat(second.err()).isEmpty();
        try (RegistryStore store = new RegistryStoreBuilder()
                .database(DatabaseConfig.h2File(directory.resolve("state/registry")))
                .keyEncryptionKey(KeyEncryptionKey.fromFile(kek)).build()) {
            assertThat(store.findLinkKey(IeeeAddress.parse(IEEE)).orElseThrow().linkKey().toHexUnsafe())
                    .isEqualTo(LINK_KEY);
            assertThat(store.findDevice(IeeeAddress.parse(IEEE)).orElseThrow().targets())
                    .containsExactly("CAdmin", "/in-cse/Capp");
        }
    }

    @Test
    void listAndShowSayTheCodeIsSetButNeverShowIt() {
        assertThat(run("device", "add", "--ieee", IEEE, "--install-code", CODE, "--label", "room=kitchen")
                .exitStatus()).isZero();
        CommandRun list = run("device", "list");
        assertThat(list.exitStatus()).isZero();
        assertThat(list.out()).contains("IEEE", "INSTALL CODE").contains(IEEE + "  ACTIVE", "set", "room=kitchen");
        CommandRun show = run("device", "show", "000d6f000a0b0c0d");
        assertThat(show.exitStatus()).isZero();
        assertThat(show.out()).contains("ieee:          " + IEEE, "install code:  set", "status:        ACTIVE");
        for (CommandRun output : List.of(list, show)) {
            assertThat(output.out() + output.err()).doesNotContainIgnoringCase(CODE.substring(0, 12))
                    .doesNotContainIgnoringCase(LINK_KEY.substring(0, 12));
        }
    }

    @Test
    void disablesEnablesAndRemoves() {
        run("device", "add", "--ieee", IEEE, "--install-code", CODE);
        assertThat(run("device", "disable", IEEE).out()).contains("disabled " + IEEE);
        assertThat(run("device", "show", IEEE).out()).contains("status:        " + DeviceStatus.DISABLED);
        assertThat(run("device", "enable", IEEE).out()).contains("enabled " + IEEE);
        assertThat(run("device", "remove", IEEE).out()).contains("removed " + IEEE);
        CommandRun gone = run("device", "show", IEEE);
        assertThat(gone.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(gone.err()).contains("no device " + IEEE + " is registered");
        assertThat(run("device", "disable", IEEE).exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
    }

    @Test
    void badInputIsOneLineAndExitStatus2AndStoresNothing() {
        String typo = CODE.substring(0, 34) + "B6";
        CommandRun badCode = run("device", "add", "--ieee", IEEE, "--install-code", typo);
        assertThat(badCode.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(badCode.err()).contains("install code CRC mismatch").doesNotContain("\tat ")
                .doesNotContainIgnoringCase(CODE.substring(0, 12));

        CommandRun noIeee = run("device", "add", "--install-code", CODE);
        assertThat(noIeee.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(noIeee.err()).contains("IEEE address is missing");

        CommandRun badIeee = run("device", "show", "12345");
        assertThat(badIeee.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(badIeee.err()).contains("expected 16");

        CommandRun badLabel = run("device", "add", "--ieee", IEEE, "--install-code", CODE, "--label", "room");
        assertThat(badLabel.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(badLabel.err()).contains("--label 'room': expected NAME=VALUE");

        assertThat(run("device", "list").out()).doesNotContain(IEEE);

        assertThat(run("device", "add", "--ieee", IEEE, "--install-code", CODE).exitStatus()).isZero();
        CommandRun duplicate = run("device", "add", "--ieee", IEEE, "--install-code", CODE);
        assertThat(duplicate.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(duplicate.err()).contains(IEEE + " is already registered");
    }

    @Test
    void importsACsvWhollyOrNotAtAll() throws Exception {
        Path bad = directory.resolve("bad.csv");
        Files.writeString(bad, "ieee,install_code\n000D6F00000000A1," + CODE + "\nnot-an-address," + CODE + "\n");
        CommandRun refused = run("device", "import", bad.toString());
        assertThat(refused.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(refused.err()).contains("nothing imported", "line 3: IEEE address");
        assertThat(run("device", "list").out()).doesNotContain("000D6F00000000A1");

        Path good = directory.resolve("good.csv");
        Files.writeString(good, "ieee,install_code,targets,labels\n000D6F00000000A1," + CODE
                + ",CAdmin,room=hall\n,\"000D6F00000000A2|" + CODE + "\",,\n");
        CommandRun imported = run("device", "import", good.toString());
        assertThat(imported.exitStatus()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported 2 devices from " + good);
        assertThat(run("device", "list").out()).contains("000D6F00000000A1", "000D6F00000000A2", "room=hall");

        CommandRun missing = run("device", "import", directory.resolve("missing.csv").toString());
        assertThat(missing.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void aWrongKeyFileIsRefusedBeforeAnythingIsWritten() throws Exception {
        assertThat(run("device", "add", "--ieee", IEEE, "--install-code", CODE).exitStatus()).isZero();
        Path other = directory.resolve("other-kek");
        KeyEncryptionKey.generate(new SecureRandom()).writeNewFile(other);
        CommandRun wrong = run("device", "add", "--kek-file", other.toString(), "--ieee", "000D6F00000000A1",
                "--install-code", CODE);
        assertThat(wrong.exitStatus()).isEqualTo(ExitStatus.CHECK_FAILED);
        assertThat(wrong.err()).contains("does not open this registry's install codes");
        assertThat(run("device", "list").out()).doesNotContain("000D6F00000000A1");
    }

    @Test
    void refusesToGenerateAKeyForAnExistingRegistryWhoseKeyIsGone() throws Exception {
        assertThat(run("device", "add", "--ieee", IEEE, "--install-code", CODE).exitStatus()).isZero();
        Files.delete(directory.resolve("state/kek"));
        CommandRun refused = run("device", "list");
        assertThat(refused.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(refused.err()).contains("kek is missing but the registry", "restore the key");
        assertThat(directory.resolve("state/kek")).doesNotExist();
    }

    @Test
    void anExplicitDatabaseNeedsAnExplicitKey() {
        CommandRun refused = run("device", "list", "--db-url", "jdbc:h2:file:" + directory.resolve("elsewhere"));
        assertThat(refused.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(refused.err()).contains("needs its key-encryption key: give --kek-file FILE or set ENROLGATE_KEK");
        CommandRun unsupported = run("device", "list", "--db-url", "jdbc:mysql://x/y");
        assertThat(unsupported.exitStatus()).isEqualTo(ExitStatus.BAD_INPUT);
        assertThat(unsupported.err()).contains("is not supported: expected jdbc:h2:file:PATH");
    }
}
