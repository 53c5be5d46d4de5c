package dev.managedtokens.db;

/** A failure of the Managed Tokens database; the message is one line naming the file, what failed and what to do. */
public final class DatabaseException extends RuntimeException {

    /** Which step failed, mirroring the error kinds of the Go service's database package. */
    public enum Kind {
        /** The file did not exist and could not be created. */
        CREATE,
        /** The path exists but cannot be opened as a database (directory, device, unreadable). */
        OPEN,
        /** The file is not a Managed Tokens database: not SQLite, empty, or another application_id. */
        CHECK,
        /** The schema could not be brought to the version this program needs. */
        MIGRATE,
        /** A read or write failed (locked for longer than the busy timeout, read-only file, I/O error). */
        QUERY
    }

    private static final long serialVersionUID = 1L;

    private final Kind kind;

    DatabaseException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    DatabaseException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
