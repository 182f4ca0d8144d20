package io.enrolgate.mef.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.DatabaseConfig;
import io.enrolgate.mef.TestMef;
import io.enrolgate.mef.core.KeyRegistrationRequest;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.Suid;
import io.enrolgate.mef.protocol.KeyRegistrationReceipt;
import io.enrolgate.mef.store.jdbc.MefStorage;
import io.enrolgate.testfixtures.PostgresProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key Values are not readable in the database files: after registrations and retrievals through a real
 * MEF, every file of the H2 database and of the PostgreSQL data directory (WAL included) is searched for
 * each key as raw bytes, hex (both cases) and base64. A marker label, stored in clear on purpose, must be
 * found: it proves the data reached the files the search reads.
 */
class KeyValuesAtRestTest {
    private static final int KEYS = 5;

    @TempDir
    Path directory;

    @Test
    void h2FilesHoldNoKeyValue() throws Exception {
        String marker = "marker-" + HexFormat.of().formatHex(random(8));
        List<MefKeyValue> keys;
        try (MefStorage storage = MefStorage.open(DatabaseConfig.h2File(directory.resolve("mef")), newKek())) {
            keys = registerAndRetrieve(storage, marker);
        }

        assertNoKeyValueIn(BytesOnDisk.under(directory), keys, marker);
    }

    @Test
    void postgresDataDirectoryHoldsNoKeyValue() throws Exception {
        String marker = "marker-" + HexFormat.of().formatHex(random(8));
        try (PostgresProcess postgres = PostgresProcess.start()) {
            DatabaseConfig config = DatabaseConfig.of(postgres.createDatabase("mef_at_rest"), postgres.user(),
                    postgres.password());
            List<MefKeyValue> keys;
            try (MefStorage storage = MefStorage.open(config, newKek())) {
                keys = registerAndRetrieve(storage, marker);
                // Write every dirty page to the data files (the WAL has them already).
                try (Connection connection = storage.database().dataSource().getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("CHECKPOINT");
                }
            }

            assertNoKeyValueIn(BytesOnDisk.under(postgres.dataDirectory()), keys, marker);
        }
    }

    private static List<MefKeyValue> registerAndRetrieve(MefStorage storage, String marker) throws Exception {
        List<MefKeyValue> keys = new ArrayList<>();
        try (TestMef mef = new TestMef(storage.store(), storage.audit())) {
            for (int i = 0; i < KEYS; i++) {
                MefKeyValue key = MefKeyValue.of(random(MefKeyValue.LENGTH));
                KeyRegistrationReceipt receipt = mef.source().register(new KeyRegistrationRequest(
                        Suid.END_TO_END_DATA, List.of(TestMef.APP_A_ID), key, Optional.empty(), List.of(marker)));
                assertThat(mef.appA().retrieve(receipt.keyId()).keyValue()).isEqualTo(key);
                keys.add(key);
            }
        }
        return keys;
    }

    private static void assertNoKeyValueIn(BytesOnDisk disk, List<MefKeyValue> keys, String marker) {
        assertThat(disk.filesContaining(marker.getBytes(StandardCharsets.US_ASCII)))
                .as("the marker label stored in clear (proves the search reads the data)").isNotEmpty();
        for (MefKeyValue key : keys) {
            byte[] raw = key.toBytes();
            Map<String, byte[]> forms = Map.of(
                    "raw bytes", raw,
                    "lower-case hex", HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                    "upper-case hex", HexFormat.of().withUpperCase().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                    "base64", Base64.getEncoder().encode(raw),
                    "first half, raw", java.util.Arrays.copyOf(raw, 16));
            forms.forEach((form, bytes) -> assertThat(disk.filesContaining(bytes))
                    .as("files holding a Key Value as %s (of %d files)", form, disk.fileCount()).isEmpty());
        }
    }

    private static KeyEncryptionKey newKek() {
        return KeyEncryptionKey.generate(new SecureRandom());
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
