/**
 * Opening a service's database: H2 (an embedded file, or memory for tests) or PostgreSQL, chosen by the
 * JDBC URL, with a connection pool and the service's Flyway migrations applied before first use.
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.of("jdbc:postgresql://db:5432/mef", "mef", password);
 * // or DatabaseConfig.h2File(Path.of(".enrolgate", "mef")), DatabaseConfig.h2InMemory("test")
 * try (Database database = Database.open(config, "db/mef")) {   // scripts in src/main/resources/db/mef
 *     DataSource dataSource = database.dataSource();
 * }
 * }</pre>
 * Each service keeps its migrations in its own classpath folder; Flyway's history table is named after
 * that folder, so services may share one database. Write the scripts in SQL both databases accept (the
 * registry's are an example: BYTEA, TIMESTAMP WITH TIME ZONE, UUID, CHECK constraints all work in both),
 * or use a {@code {vendor}} folder for the rare script that must differ. Tests run against a real
 * PostgreSQL with {@code io.enrolgate.testfixtures.PostgresProcess}.
 */
package io.enrolgate.common.storage;
