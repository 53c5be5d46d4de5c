package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code services} and {@code nodes} tables: names registered once, each with a stable id. */
final class NameTables {

    private final NameSpellings spellings;

    NameTables(NameSpellings spellings) {
        this.spellings = spellings;
    }

    /** Adds the unknown names, keeping the ids of the known ones; one transaction, the Go service's statement. */
    void register(Connection connection, NameSpellings.Column column, Collection<String> names) throws SQLException {
        Transactions.write(connection, c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO " + column.table + "(name) VALUES (?) ON CONFLICT(name) DO NOTHING;")) {
                for (String name : names) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                }
            }
            spellings.record(c, column, names);
            return null;
        });
    }

    /** Every name, in id (registration) order. */
    List<String> list(Connection connection, NameSpellings.Column column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + spellings.readable(column, column.table + ".name")
                        + " FROM " + column.table + " ORDER BY id")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
