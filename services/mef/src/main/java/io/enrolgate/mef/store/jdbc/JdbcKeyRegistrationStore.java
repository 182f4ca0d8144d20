package io.enrolgate.mef.store.jdbc;

import io.enrolgate.common.crypto.AtRestCipher;
import io.enrolgate.common.crypto.AtRestCipherException;
import io.enrolgate.mef.core.KeyRegistration;
import io.enrolgate.mef.core.KeyRegistrationStore;
import io.enrolgate.mef.core.MefKeyValue;
import io.enrolgate.mef.core.OneM2mId;
import io.enrolgate.mef.core.RelativeKeyId;
import io.enrolgate.mef.core.Suid;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * MEF Key Registrations in H2 or PostgreSQL (plain JDBC, schema {@code db/mef}). The Key Value is sealed
 * with {@link AtRestCipher}, the RelativeKeyID as associated data, so the database never holds it in
 * clear and a sealed value moved to another registration does not open.
 */
public final class JdbcKeyRegistrationStore implements KeyRegistrationStore {
    private static final String COLUMNS = "relative_key_id, suid, key_value_sealed, source_client_id, target_ids,"
            + " labels, expiration_time, registered_at";

    private final DataSource dataSource;
    private final AtRestCipher cipher;

    public JdbcKeyRegistrationStore(DataSource dataSource, AtRestCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    @Override
    public void insert(KeyRegistration registration) {
        byte[] clear = registration.keyValue().toBytes();
        byte[] sealed;
        try {
            sealed = cipher.seal(clear, associatedData(registration.relativeKeyId()));
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
        run("insert key registration " + registration.relativeKeyId(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO mef_key_registration (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, registration.relativeKeyId().value());
                insert.setInt(2, registration.suid().value());
                insert.setBytes(3, sealed);
                insert.setString(4, registration.sourceClientId().value());
                insert.setString(5, joinIds(registration.targetIds()));
                insert.setString(6, String.join("\n", registration.labels()));
                insert.setObject(7, utc(registration.expirationTime()));
                insert.setObject(8, utc(registration.registeredAt()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<KeyRegistration> find(RelativeKeyId relativeKeyId) {
        return run("find key registration " + relativeKeyId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM mef_key_registration WHERE relative_key_id = ?")) {
                select.setString(1, relativeKeyId.value());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.<KeyRegistration>empty();
                }
            }
        });
    }

    @Override
    public boolean update(KeyRegistration registration) {
        return run("update key registration " + registration.relativeKeyId(), connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE mef_key_registration"
                    + " SET target_ids = ?, labels = ?, expiration_time = ? WHERE relative_key_id = ?")) {
                update.setString(1, joinIds(registration.targetIds()));
                update.setString(2, String.join("\n", registration.labels()));
                update.setObject(3, utc(registration.expirationTime()));
                update.setString(4, registration.relativeKeyId().value());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(RelativeKeyId relativeKeyId) {
        return run("delete key registration " + relativeKeyId, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM mef_key_registration WHERE relative_key_id = ?")) {
                delete.setString(1, relativeKeyId.value());
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<RelativeKeyId> deleteExpired(Instant now) {
        return run("delete expired key registrations", connection -> {
            List<RelativeKeyId> expired = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT relative_key_id FROM mef_key_registration WHERE expiration_time <= ?")) {
                select.setObject(1, utc(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        expired.add(new RelativeKeyId(rows.getString(1)));
                    }
                }
            }
            // Deleted one by one, still expired at that moment: one extended meanwhile by an update stays.
            List<RelativeKeyId> removed = new ArrayList<>();
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mef_key_registration"
                    + " WHERE relative_key_id = ? AND expiration_time <= ?")) {
                for (RelativeKeyId id : expired) {
                    delete.setString(1, id.value());
                    delete.setObject(2, utc(now));
                    if (delete.executeUpdate() == 1) {
                        removed.add(id);
                    }
                }
            }
            return removed;
        });
    }

    @Override
    public boolean isReady() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private KeyRegistration read(ResultSet row) throws SQLException {
        RelativeKeyId id = new RelativeKeyId(row.getString("relative_key_id"));
        byte[] clear;
        try {
            clear = cipher.open(row.getBytes("key_value_sealed"), associatedData(id));
        } catch (AtRestCipherException e) {
            throw new StoreException("the Key Value of " + id + " cannot be opened: " + e.getMessage(), e);
        }
        try {
            return new KeyRegistration(id, Suid.of(row.getInt("suid")), MefKeyValue.of(clear),
                    new OneM2mId(row.getString("source_client_id")), splitIds(row.getString("target_ids")),
                    row.getObject("expiration_time", OffsetDateTime.class).toInstant(),
                    split(row.getString("labels")),
                    row.getObject("registered_at", OffsetDateTime.class).toInstant());
        } finally {
            Arrays.fill(clear, (byte) 0);
        }
    }

    private static byte[] associatedData(RelativeKeyId id) {
        return id.value().getBytes(StandardCharsets.US_ASCII);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String joinIds(List<OneM2mId> ids) {
        return String.join("\n", ids.stream().map(OneM2mId::value).toList());
    }

    private static List<OneM2mId> splitIds(String text) {
        return split(text).stream().map(OneM2mId::new).toList();
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private <T> T run(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            // The SQL message names statements and RelativeKeyIDs, never the Key Value (only its sealed form
            // is ever a parameter).
            throw new StoreException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** One unit of JDBC work on a pooled connection (auto-commit: each statement is its own transaction). */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }
}
