package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * How SQLite stores names in a Go {@code STRING} column, e.g. {@code "integer:7"} for both {@code 007} and {@code 7}.
 * Asked of SQLite itself, in a private in-memory database with a column declared the same way, because the rules for
 * what "looks like a number" (spaces, signs, exponents, trailing dots) are SQLite's and must not be guessed.
 */
final class StoredForms {

    private StoredForms() {}

    static Map<String, String> of(Collection<String> names) throws SQLException {
        Map<String, String> forms = new HashMap<>();
        if (names.isEmpty()) {
            return forms;
        }
        NativeLibraryDirectory.prepare();
        try (Connection memory = new SQLiteConfig().createConnection("jdbc:sqlite::memory:")) {
            try (Statement statement = memory.createStatement()) {
                statement.execute("CREATE TABLE probe (name STRING)");
            }
            try (PreparedStatement insert = memory.prepareStatement("INSERT INTO probe(name) VALUES (?)");
                    PreparedStatement read = memory.prepareStatement(
                            "SELECT typeof(name) || ':' || quote(name) FROM probe WHERE rowid = last_insert_rowid()")) {
                for (String name : names) {
                    insert.setString(1, name);
                    insert.executeUpdate();
                    try (ResultSet form = read.executeQuery()) {
                        form.next();
                        forms.put(name, form.getString(1));
                    }
                }
            }
        }
        return forms;
    }
}
