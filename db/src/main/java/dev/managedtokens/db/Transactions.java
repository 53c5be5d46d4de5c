package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Write transactions that either commit or roll back. {@code BEGIN IMMEDIATE} takes the write lock before the first
 * read, so a busy database is waited for (busy timeout) instead of failing at once on a read-to-write upgrade;
 * a failure always ends with {@code ROLLBACK}, never with a transaction left open holding the lock as the Go
 * service does.
 */
final class Transactions {

    /** The body of a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {}

    static <T> T write(Connection connection, Work<T> work) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        T result;
        try {
            result = work.run(connection);
            execute(connection, "COMMIT");
        } catch (SQLException | RuntimeException | Error e) {
            rollback(connection, e);
            throw e;
        }
        return result;
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // A failed COMMIT or a fatal error may already have ended the transaction; only report other failures.
            if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
