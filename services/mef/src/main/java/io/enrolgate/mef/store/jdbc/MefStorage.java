package io.enrolgate.mef.store.jdbc;

import io.enrolgate.common.crypto.AtRestCipher;
import io.enrolgate.common.crypto.KeyEncryptionKey;
import io.enrolgate.common.storage.Database;
import io.enrolgate.common.storage.DatabaseConfig;

/**
 * The MEF's database opened and migrated (scripts in {@code db/mef}), with its registration store and
 * audit log. Close it to release the connection pool.
 */
public final class MefStorage implements AutoCloseable {
    public static final String MIGRATIONS = "db/mef";

    private final Database database;
    private final JdbcKeyRegistrationStore store;
    private final JdbcAuditLog audit;

    private MefStorage(Database database, KeyEncryptionKey keyEncryptionKey) {
        this.database = database;
        this.store = new JdbcKeyRegistrationStore(database.dataSource(), new AtRestCipher(keyEncryptionKey));
        this.audit = new JdbcAuditLog(database.dataSource());
    }

    /** Opens (and migrates) the database; Key Values are sealed under {@code keyEncryptionKey}. */
    public static MefStorage open(DatabaseConfig config, KeyEncryptionKey keyEncryptionKey) {
        return new MefStorage(Database.open(config, MIGRATIONS), keyEncryptionKey);
    }

    public JdbcKeyRegistrationStore store() {
        return store;
    }

    public JdbcAuditLog audit() {
        return audit;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
