package io.enrolgate.registry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.enrolgate.common.crypto.AtRestCipherException;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.common.storage.DatabaseKind;
import io.enrolgate.registry.TestDatabases;
import io.enrolgate.registry.TestDevices;
import io.enrolgate.registry.device.NewDevice;
import io.enrolgate.zigbee.IeeeAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Install codes and link keys never reach the disk in clear: the database files are read byte by byte,
 * after the data is known to be written, for every form the secrets could take.
 */
class SecretsAtRestTest {
    /** A label value stored in clear: finding it proves the scan reads the data the secrets sit beside. */
    private static final String CANARY = "canary-7f3a9c";

    @TempDir
    Path directory;

    @Test
    void theH2FileHoldsNoInstallCodeOrLinkKey() throws IOException {
        Path file = directory.resolve("registry");
        KeyEncryptionKey kek = TestDatabases.randomKek();
        try (RegistryStore store = TestDatabases.newStore(DatabaseConfig.h2File(file), kek)) {
            store.addDevice(deviceWithCanary());
        }
        List<Path> files = filesUnder(directory);
        assertThat(files).isNotEmpty();
        assertNoSecretIn(files);
    }

    @Test
    void thePostgresDataDirectoryHoldsNoInstallCodeOrLinkKey() throws Exception {
        // A server of its own, so that the directory scanned holds only this test's data.
        try (var postgres = io.enrolgate.testfixtures.PostgresProcess.start()) {
            DatabaseConfig config = DatabaseConfig.of(postgres.createDatabase("secrets"), postgres.user(),
                    postgres.password());
            try (Database database = Database.open(config, RegistryStoreBuilder.MIGRATIONS);
                    RegistryStore store = new RegistryStoreBuilder().database(database)
                            .keyEncryptionKey(TestDatabases.randomKek()).build()) {
                store.addDevice(deviceWithCanary());
                try (Connection connection = database.dataSource().getConnection()) {
                    connection.createStatement().execute("CHECKPOINT"); // tables, not only the WAL, on disk
                }
            }
            assertNoSecretIn(filesUnder(postgres.dataDirectory()));
        }
    }

    @Test
    void aSecretMovedToAnotherDeviceDoesNotDecrypt() throws SQLException {
        IeeeAddress other = IeeeAddress.parse("000D6F00000000EE");
        try (Database database = Database.open(DatabaseConfig.h2InMemory("swap"), RegistryStoreBuilder.MIGRATIONS);
                RegistryStore store = new RegistryStoreBuilder().database(database)
                        .keyEncryptionKey(TestDatabases.randomKek()).build()) {
            store.addDevice(TestDevices.known());
            store.addDevice(new NewDevice(other, TestDevices.randomCode(), List.of(), Map.of()));
            try (Connection connection = database.dataSource().getConnection()) {
                // An attacker with write access to the table copies the known device's key to the other row.
                connection.createStatement().executeUpdate("UPDATE device SET link_key_enc = (SELECT link_key_enc"
                        + " FROM device WHERE ieee = '" + TestDevices.KNOWN_IEEE + "') WHERE ieee = '" + other + "'");
            }
            assertThatThrownBy(() -> store.findLinkKey(other))
                    .isInstanceOf(AtRestCipherException.class).hasMessageContaining("does not authenticate");
            assertThat(store.findLinkKey(TestDevices.KNOWN_IEEE)).isPresent();
        }
    }

    private static NewDevice deviceWithCanary() {
        NewDevice known = TestDevices.known();
        return new NewDevice(known.ieee(), known.installCode(), known.targets(), Map.of("note", CANARY));
    }

    private static void assertNoSecretIn(List<Path> files) throws IOException {
        byte[] code = HexFormat.of().parseHex(TestDevices.KNOWN_CODE_HEX);
        byte[] key = HexFormat.of().parseHex(TestDevices.KNOWN_LINK_KEY_HEX);
        List<byte[]> forbidden = new ArrayList<>();
        for (byte[] secret : List.of(code, key)) {
            forbidden.add(secret);
            forbidden.add(HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
            forbidden.add(HexFormat.of().withUpperCase().formatHex(secret).getBytes(StandardCharsets.US_ASCII));
            forbidden.add(Base64.getEncoder().encode(secret));
        }
        boolean canarySeen = false;
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            canarySeen |= indexOf(content, CANARY.getBytes(StandardCharsets.US_ASCII)) >= 0;
            for (byte[] secret : forbidden) {
                assertThat(indexOf(content, secret)).as("a secret in %s", file).isNegative();
            }
        }
        assertThat(canarySeen).as("the scan saw the clear-text label, so it reads the stored data").isTrue();
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
