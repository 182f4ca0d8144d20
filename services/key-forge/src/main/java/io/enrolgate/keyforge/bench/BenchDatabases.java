package io.enrolgate.keyforge.bench;

import io.enrolgate.common.storage.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each load run gets its fresh registry database: the bench registers its devices under a key-encryption
 * key of its own, and a registry that grew in earlier runs would slow the later ones.
 */
public interface BenchDatabases {

    /** A fresh, empty database for one run; {@link #close()} removes it. */
    interface Fresh extends AutoCloseable {
        DatabaseConfig config();

        @Override
        void close();
    }

    Fresh next();

    /** A short description for reports ("H2", "POSTGRESQL"). */
    String kind();

    /** The one database given: fresh for the first run only (a second run finds the first one's devices). */
    static BenchDatabases given(DatabaseConfig config) {
        return new BenchDatabases() {
            @Override
            public Fresh next() {
                return fresh(config, () -> {
                });
            }

            @Override
            public String kind() {
                return config.kind().name();
            }
        };
    }

    /** A new H2 file for each run, in a new temporary directory that is deleted after the run. */
    static BenchDatabases h2Files() {
        return new BenchDatabases() {
            @Override
            public Fresh next() {
                try {
                    Path directory = Files.createTempDirectory("enrolgate-bench-");
                    return fresh(DatabaseConfig.h2File(directory.resolve("registry")), () -> deleteRecursively(directory));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create a directory for the bench's H2 database", e);
                }
            }

            @Override
            public String kind() {
                return "H2";
            }
        };
    }

    /**
     * A new database on a PostgreSQL server for each run ({@code CREATE DATABASE}, dropped after the run), through
     * {@code adminUrl} (any database of the server, e.g. {@code jdbc:postgresql://host:5432/postgres}) as a user
     * allowed to create databases.
     */
    static BenchDatabases postgresServer(String adminUrl, String user, String password) {
        Matcher url = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(\\?.*)?").matcher(adminUrl);
        if (!url.matches()) {
            throw new IllegalArgumentException("'" + adminUrl + "' is not a jdbc:postgresql://HOST[:PORT]/DATABASE URL");
        }
        SecureRandom random = new SecureRandom();
        return new BenchDatabases() {
            @Override
            public Fresh next() {
                byte[] suffix = new byte[6];
                random.nextBytes(suffix);
                String name = "enrolgate_bench_" + HexFormat.of().formatHex(suffix).toLowerCase(Locale.ROOT);
                execute(adminUrl, user, password, "CREATE DATABASE " + name);
                String fresh = url.group(1) + name + (url.group(3) == null ? "" : url.group(3));
                return fresh(DatabaseConfig.of(fresh, user, password),
                        () -> execute(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name));
            }

            @Override
            public String kind() {
                return "POSTGRESQL";
            }
        };
    }

    private static Fresh fresh(DatabaseConfig config, Runnable remove) {
        return new Fresh() {
            @Override
            public DatabaseConfig config() {
                return config;
            }

            @Override
            public void close() {
                remove.run();
            }
        };
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("bench database: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            List<Path> all = new ArrayList<>(paths.toList());
            Collections.reverse(all);
            for (Path path : all) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e.getMessage());
        }
    }
}
