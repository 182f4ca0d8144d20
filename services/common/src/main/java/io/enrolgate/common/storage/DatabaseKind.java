package io.enrolgate.common.storage;

import java.util.Locale;

/**
 * The database products a service can run on. Code that must differ between them (a few SQL statements)
 * switches on this; everything else is plain JDBC.
 */
public enum DatabaseKind {
    /** Embedded H2: a file for the one-process mode, in memory for quick tests. */
    H2("jdbc:h2:"),
    /** PostgreSQL: the distributed mode, shared by every replica. */
    POSTGRESQL("jdbc:postgresql:");

    private final String urlPrefix;

    DatabaseKind(String urlPrefix) {
        this.urlPrefix = urlPrefix;
    }

    /** The kind named by a JDBC URL, or an error that lists the URLs accepted. */
    public static DatabaseKind ofJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("database URL is missing: expected jdbc:h2:file:PATH, jdbc:h2:mem:NAME"
                    + " or jdbc:postgresql://HOST:PORT/DATABASE");
        }
        String lower = jdbcUrl.strip().toLowerCase(Locale.ROOT);
        for (DatabaseKind kind : values()) {
            if (lower.startsWith(kind.urlPrefix)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("database URL '" + redactUrl(jdbcUrl) + "' is not supported: expected"
                + " jdbc:h2:file:PATH, jdbc:h2:mem:NAME or jdbc:postgresql://HOST:PORT/DATABASE");
    }

    /** A URL fit for messages and logs: a password given as a URL parameter is hidden. */
    static String redactUrl(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
