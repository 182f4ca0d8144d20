package io.enrolgate.common.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a service's database is and how to log in to it. The kind of database (H2 or PostgreSQL) follows
 * from the JDBC URL:
 * <ul>
 *   <li>{@code jdbc:h2:file:/var/lib/enrolgate/registry} — embedded H2 in a file (the one-process mode);
 *   <li>{@code jdbc:h2:mem:name} — H2 in memory, kept for the life of the pool;
 *   <li>{@code jdbc:postgresql://host:5432/registry} — PostgreSQL (the distributed mode).
 * </ul>
 * The password never appears in {@link #toString()}.
 *
 * @param jdbcUrl the JDBC URL
 * @param user the user to log in as (H2 creates it with the database)
 * @param password the password, empty when there is none
 * @param maximumPoolSize how many connections the pool may open at once
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maximumPoolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseConfig {
        DatabaseKind.ofJdbcUrl(jdbcUrl);
        jdbcUrl = jdbcUrl.strip();
        user = Objects.requireNonNullElse(user, "");
        password = Objects.requireNonNullElse(password, "");
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException("database pool size is " + maximumPoolSize + ": expected at least 1");
        }
    }

    public static DatabaseConfig of(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * An embedded H2 database in {@code file} (H2 appends {@code .mv.db}); its directory is created when
     * the database is opened.
     */
    public static DatabaseConfig h2File(Path file) {
        return of("jdbc:h2:file:" + file.toAbsolutePath(), "enrolgate", "");
    }

    /** An H2 database in memory, alive until its pool is closed. */
    public static DatabaseConfig h2InMemory(String name) {
        return of("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "enrolgate", "");
    }

    public DatabaseKind kind() {
        return DatabaseKind.ofJdbcUrl(jdbcUrl);
    }

    public DatabaseConfig withMaximumPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + DatabaseKind.redactUrl(jdbcUrl) + ", user=" + user
                + (password.isEmpty() ? "" : ", password=***") + ", pool=" + maximumPoolSize + "]";
    }
}
