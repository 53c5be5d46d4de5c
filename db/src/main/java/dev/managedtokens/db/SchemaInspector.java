package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads what a connection's main database holds: its tables and header pragmas. */
final class SchemaInspector {

    private SchemaInspector() {}

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

    /** The column names of a table of the main database; empty when there is no such table. */
    static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("PRAGMA main.table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
            while (rows.next()) {
                columns.add(rows.getString("name"));
            }
        }
        return columns;
    }

    /**
     * What {@code PRAGMA quick_check} finds wrong with the file's pages, empty when nothing: reading every page is
     * cheap for a file of a few hundred rows, and it is the only way to learn of damage before a write meets it.
     */
    static List<String> damage(Connection connection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA main.quick_check(1)")) {
            while (rows.next()) {
                String line = rows.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        }
        return problems;
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
