package io.enrolgate.common.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open, migrated database: a connection pool (HikariCP) on H2 or PostgreSQL whose schema Flyway has
 * brought up to date from the caller's migration scripts before anyone uses it.
 *
 * <p>Each service keeps its scripts under its own classpath folder (the registry's in
 * {@code db/registry}, the MEF's in its own) so that two services could even share one database without
 * their histories mixing: the history table is named after the folder's last segment. A folder may contain
 * {@code {vendor}} (Flyway's placeholder: {@code h2}, {@code postgresql}) for scripts that must differ.
 *
 * <p>Opening blocks (connecting, migrating): do it at start-up, off any event loop.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final DatabaseConfig config;
    private final HikariDataSource pool;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /**
     * Connects to the database and applies the pending migrations found in the classpath folder
     * {@code migrationLocation} (e.g. {@code "db/registry"}).
     *
     * @throws DatabaseException naming the database (never its password) and what went wrong
     */
    public static Database open(DatabaseConfig config, String migrationLocation) {
        if (config.kind() == DatabaseKind.H2) {
            createH2Directory(config.jdbcUrl());
        }
        HikariDataSource pool = connect(config);
        try {
            migrate(config, pool, migrationLocation);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(config, pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseKind kind() {
        return config.kind();
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Whether a connection can be had and answers now: what a readiness probe asks. Blocks briefly. */
    public boolean isReachable() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static HikariDataSource connect(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        hikari.setPoolName("enrolgate-" + config.kind().name().toLowerCase(java.util.Locale.ROOT));
        if (config.kind() == DatabaseKind.H2) {
            // H2 gives up on a row lock after 1 s by default; under load, waiting for a busy row (a frame
            // counter high-water mark) is the right thing, as PostgreSQL does.
            hikari.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
        }
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DatabaseException("cannot connect to " + describe(config) + ": " + cause.getMessage(), e);
        }
    }

    private static void migrate(DatabaseConfig config, DataSource dataSource, String location) {
        String folder = location.replaceFirst("^classpath:", "").replaceAll("/+$", "");
        String historyTable = "flyway_history_" + folder.substring(folder.lastIndexOf('/') + 1).replace('-', '_');
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + folder)
                    .failOnMissingLocations(true)
                    .table(historyTable)
                    .load();
            MigrateResult result = flyway.migrate();
            LOG.info("{}: schema at version {} ({} migration(s) applied now)", describe(config),
                    flyway.info().current() == null ? "(none)" : flyway.info().current().getVersion(),
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            throw new DatabaseException("cannot migrate " + describe(config) + " with the scripts in classpath:"
                    + folder + ": " + e.getMessage(), e);
        }
    }

    /** H2 creates the database file but not its directory. */
    private static void createH2Directory(String jdbcUrl) {
        String prefix = "jdbc:h2:file:";
        if (!jdbcUrl.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return;
        }
        String path = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the database directory " + parent, e);
            }
        }
    }

    private static String describe(DatabaseConfig config) {
        return config.kind() + " database " + DatabaseKind.redactUrl(config.jdbcUrl())
                + (config.user().isEmpty() ? "" : " as user " + config.user());
    }
}
