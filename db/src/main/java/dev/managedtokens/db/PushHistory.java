package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Our table of push outcomes: per (service, node) the latest attempt and the latest success. Only the latest values
 * are kept, so the file does not grow with every hourly run; an attempt older than the one stored does not replace it.
 */
final class PushHistory {

    /** One row of the table. */
    record Entry(String service, String node, Instant lastAttempt, boolean lastAttemptSucceeded, Instant lastSuccess) {}

    private static final String UPSERT = """
            INSERT INTO ext_push_history(service, node, last_attempt_unix_ms, last_attempt_succeeded,
                last_success_unix_ms)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(service, node) DO UPDATE SET
            last_attempt_succeeded = CASE WHEN excluded.last_attempt_unix_ms >= last_attempt_unix_ms
                THEN excluded.last_attempt_succeeded ELSE last_attempt_succeeded END,
            last_attempt_unix_ms = max(last_attempt_unix_ms, excluded.last_attempt_unix_ms),
            last_success_unix_ms = CASE
                WHEN excluded.last_success_unix_ms IS NULL THEN last_success_unix_ms
                WHEN last_success_unix_ms IS NULL THEN excluded.last_success_unix_ms
                ELSE max(last_success_unix_ms, excluded.last_success_unix_ms) END""";

    private PushHistory() {}

    static void record(Connection connection, Collection<PushAttempt> attempts) throws SQLException {
        Transactions.write(connection, c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (PushAttempt attempt : attempts) {
                    upsert.setString(1, attempt.service());
                    upsert.setString(2, attempt.node());
                    upsert.setLong(3, attempt.at().toEpochMilli());
                    upsert.setInt(4, attempt.succeeded() ? 1 : 0);
                    if (attempt.succeeded()) {
                        upsert.setLong(5, attempt.at().toEpochMilli());
                    } else {
                        upsert.setNull(5, Types.INTEGER);
                    }
                    upsert.executeUpdate();
                }
            }
            return null;
        });
    }

    static List<Entry> all(Connection connection) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT service, node, last_attempt_unix_ms,"
                        + " last_attempt_succeeded, last_success_unix_ms FROM ext_push_history")) {
            while (rows.next()) {
                long success = rows.getLong(5);
                Instant lastSuccess = rows.wasNull() ? null : Instant.ofEpochMilli(success);
                entries.add(new Entry(
                        rows.getString(1),
                        rows.getString(2),
                        Instant.ofEpochMilli(rows.getLong(3)),
                        rows.getInt(4) != 0,
                        lastSuccess));
            }
        }
        return entries;
    }
}
