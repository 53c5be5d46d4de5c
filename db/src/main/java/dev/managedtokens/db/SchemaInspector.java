package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;

/** Reads what a connection's main database holds: its tables and header pragmas. */
final class SchemaInspector {

    private SchemaInspector() {
    }

    static Set<String> tables(Connection connection) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM main.sqlite_master WHERE type = 'table'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }

    static int applicationId(Connection connection) throws SQLException {
        return intPragma(connection, "application_id");
    }

    static int userVersion(Connection connection) throws SQLException {
        return intPragma(connection, "user_version");
    }

    private static int intPragma(Connection connection, String pragma) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA main." + pragma)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
