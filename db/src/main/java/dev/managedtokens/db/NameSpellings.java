package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Reads names back exactly as they were written, whatever SQLite stored. The Go tables declare names {@code STRING},
 * which SQLite gives NUMERIC affinity: a name that looks like a number is stored as one ({@code '007'} as the integer
 * 7, {@code '1e3'} as 1000, {@code '1.5'} as a real) and its spelling is lost from that table. Lookups still work
 * ({@code WHERE name = '007'} converts the parameter the same way), so we keep writing the Go tables exactly as the Go
 * service does and record, in our own table, the text of each name that was stored as a number. Names the Go service
 * wrote as numbers have no record and read back as SQLite's text of the number ({@code "7"}): the original spelling is
 * not in the file.
 */
final class NameSpellings {

    /** A name column of a Go table. */
    enum Column {
        UIDS_USERNAME("uids", "username"),
        SERVICES_NAME("services", "name"),
        NODES_NAME("nodes", "name");

        final String table;
        final String column;

        Column(String table, String column) {
            this.table = table;
            this.column = column;
        }

        String source() {
            return table + "." + column;
        }
    }

    private final boolean available;

    /** @param available whether our table exists in the file (it may not in a read-only or newer file) */
    NameSpellings(boolean available) {
        this.available = available;
    }

    /** An SQL expression for the name in {@code qualifiedColumn} (a column of {@code column}'s table) as written. */
    String readable(Column column, String qualifiedColumn) {
        String asStored = "CAST(" + qualifiedColumn + " AS TEXT)";
        if (!available) {
            return asStored;
        }
        return "COALESCE((SELECT spelling FROM " + Schema.NAME_SPELLINGS + " WHERE source = '" + column.source()
                + "' AND stored = " + qualifiedColumn + " AND typeof(" + qualifiedColumn + ") <> 'text'), "
                + asStored + ")";
    }

    /** Records the spelling of each name just written to {@code column} that its table stored as a number. */
    void record(Connection connection, Column column, Collection<String> names) throws SQLException {
        if (!available || names.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + Schema.NAME_SPELLINGS + "(source, stored, spelling) SELECT ?, " + column.column
                + ", ? FROM " + column.table + " WHERE " + column.column + " = ? AND typeof(" + column.column
                + ") <> 'text' ON CONFLICT(source, stored) DO UPDATE SET spelling = excluded.spelling";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (String name : names) {
                statement.setString(1, column.source());
                statement.setString(2, name);
                statement.setString(3, name);
                statement.executeUpdate();
            }
        }
    }
}
