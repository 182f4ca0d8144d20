package io.enrolgate.common.storage;

/** The database cannot be opened or migrated, or a store operation failed in the database itself. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
