package io.enrolgate.provisioning.store;

import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseException;
import io.enrolgate.provisioning.core.LeaseLostException;
import io.enrolgate.provisioning.core.WorkItem;
import io.enrolgate.provisioning.core.WorkState;
import io.enrolgate.provisioning.core.WorkStore;
import io.enrolgate.zigbee.IeeeAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * {@link WorkStore} on H2 or PostgreSQL (table {@code provisioning_work}, migrations in
 * {@value #MIGRATIONS}). Every method is one statement in auto-commit, so each is atomic; claims are
 * conditional updates, so two replicas never hold one item.
 */
public final class JdbcWorkStore implements WorkStore, AutoCloseable {
    /** The classpath folder of provisioning's Flyway migrations. */
    public static final String MIGRATIONS = "db/provisioning";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "enrolment_id, device_ieee, key_sequence, delivery, state, key_identifier,"
            + " attempts, next_attempt_at, last_error, created_at, updated_at";
    private static final int MAX_ERROR_LENGTH = 2000;

    private final Database database;
    private final boolean ownsDatabase;
    private final DataSource dataSource;

    private JdbcWorkStore(Database database, boolean ownsDatabase) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.dataSource = database.dataSource();
    }

    /** Opens (and migrates) the database of {@code config}; closing the store closes it. */
    public static JdbcWorkStore open(io.enrolgate.common.storage.DatabaseConfig config) {
        return new JdbcWorkStore(Database.open(config, MIGRATIONS), true);
    }

    /** On a database already migrated with {@link #MIGRATIONS}, which the caller keeps and closes. */
    public static JdbcWorkStore on(Database database) {
        return new JdbcWorkStore(database, false);
    }

    @Override
    public boolean insertIfAbsent(WorkItem item) {
        String sql = "INSERT INTO provisioning_work (" + COLUMNS + ", finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = bindItem(insert, item);
            insert.setBoolean(i, item.state().isTerminal());
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw failure("store the work of enrolment " + item.enrolmentId(), e);
        }
    }

    @Override
    public Optional<WorkItem> find(UUID enrolmentId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM provisioning_work WHERE enrolment_id = ?")) {
            select.setString(1, enrolmentId.toString());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read the work of enrolment " + enrolmentId, e);
        }
    }

    @Override
    public List<UUID> due(Instant now, int limit) {
        String sql = "SELECT enrolment_id FROM provisioning_work WHERE finished = FALSE AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at LIMIT ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, time(now));
            select.setObject(2, time(now));
            select.setInt(3, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(UUID.fromString(rows.getString(1)));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw failure("look for due work", e);
        }
    }

    @Override
    public Optional<WorkItem> claim(UUID enrolmentId, String owner, Instant now, Duration lease) {
        String sql = "UPDATE provisioning_work SET lease_owner = ?, lease_until = ? WHERE enrolment_id = ?"
                + " AND finished = FALSE AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, owner);
            update.setObject(2, time(now.plus(lease)));
            update.setString(3, enrolmentId.toString());
            update.setObject(4, time(now));
            update.setObject(5, time(now));
            if (update.executeUpdate() != 1) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("claim the work of enrolment " + enrolmentId, e);
        }
        return find(enrolmentId);
    }

    @Override
    public void save(WorkItem item, String owner, Instant now, Duration lease) {
        boolean release = item.state().isTerminal() || item.nextAttemptAt().isAfter(now);
        String sql = "UPDATE provisioning_work SET state = ?, finished = ?, key_identifier = ?, attempts = ?,"
                + " next_attempt_at = ?, last_error = ?, updated_at = ?, lease_owner = ?, lease_until = ?"
                + " WHERE enrolment_id = ? AND lease_owner = ? AND lease_until >= ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, item.state().name());
            update.setBoolean(2, item.state().isTerminal());
            update.setString(3, item.keyIdentifier().orElse(null));
            update.setInt(4, item.attempts());
            update.setObject(5, time(item.nextAttemptAt()));
            update.setString(6, item.lastError().map(JdbcWorkStore::truncate).orElse(null));
            update.setObject(7, time(item.updatedAt()));
            update.setString(8, release ? null : owner);
            update.setObject(9, release ? null : time(now.plus(lease)));
            update.setString(10, item.enrolmentId().toString());
            update.setString(11, owner);
            update.setObject(12, time(now));
            if (update.executeUpdate() != 1) {
                throw new LeaseLostException(item.enrolmentId(), owner);
            }
        } catch (SQLException e) {
            throw failure("store the work of enrolment " + item.enrolmentId(), e);
        }
    }

    @Override
    public int releaseLeasesOf(String owner) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE provisioning_work SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?")) {
            update.setString(1, owner);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw failure("release the leases of " + owner, e);
        }
    }

    @Override
    public Map<WorkState, Integer> countByState() {
        Map<WorkState, Integer> counts = new EnumMap<>(WorkState.class);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT state, COUNT(*) FROM provisioning_work GROUP BY state");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(WorkState.valueOf(rows.getString(1)), rows.getInt(2));
            }
            return counts;
        } catch (SQLException e) {
            throw failure("count the work", e);
        }
    }

    @Override
    public boolean isReachable() {
        return database.isReachable();
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            database.close();
        }
    }

    private static int bindItem(PreparedStatement statement, WorkItem item) throws SQLException {
        statement.setString(1, item.enrolmentId().toString());
        statement.setLong(2, item.device().value());
        statement.setInt(3, item.keySequence());
        statement.setBytes(4, item.delivery());
        statement.setString(5, item.state().name());
        statement.setString(6, item.keyIdentifier().orElse(null));
        statement.setInt(7, item.attempts());
        statement.setObject(8, time(item.nextAttemptAt()));
        statement.setString(9, item.lastError().map(JdbcWorkStore::truncate).orElse(null));
        statement.setObject(10, time(item.createdAt()));
        statement.setObject(11, time(item.updatedAt()));
        return 12;
    }

    private static WorkItem read(ResultSet row) throws SQLException {
        return new WorkItem(
                UUID.fromString(row.getString("enrolment_id")),
                new IeeeAddress(row.getLong("device_ieee")),
                row.getInt("key_sequence"),
                row.getBytes("delivery"),
                WorkState.valueOf(row.getString("state")),
                Optional.ofNullable(row.getString("key_identifier")),
                row.getInt("attempts"),
                instant(row, "next_attempt_at"),
                Optional.ofNullable(row.getString("last_error")),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    private DatabaseException failure(String what, SQLException e) {
        return new DatabaseException("cannot " + what + " in " + database.kind() + " database: " + e.getMessage(), e);
    }
}
