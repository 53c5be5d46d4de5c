package dev.managedtokens.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Go service's migration list and mechanism: entry {@code i} takes a file from {@code user_version} i to i+1, and
 * its own SQL sets {@code user_version}. Two deliberate differences: the caller runs the steps inside one transaction
 * (the Go service runs them statement by statement and keeps a half-applied migration), and a {@code CREATE TABLE}
 * whose table already exists is skipped, so a v0.4-v0.7 file (only {@code uids}) gets the four missing tables instead
 * of failing once and then being used without them.
 */
final class Migrations {

    /** One entry of the list: what it does, and its statements in order. */
    record Migration(String description, List<String> statements) {
        Migration {
            statements = List.copyOf(statements);
        }
    }

    /** The list of v0.17.1: one entry, unchanged since v0.8. */
    static final List<Migration> ALL = List.of(new Migration("Initial Version", statementsOf("initial-version.sql")));

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE TABLE (\\w+)");

    private Migrations() {}

    /**
     * Runs entries {@code from .. to-1} on the connection, inside the caller's transaction. {@code from >= to} runs
     * nothing; a {@code to} beyond the list is an error with the Go service's text.
     *
     * @throws DatabaseException of kind MIGRATE, its message the Go service's text without any file name
     */
    static void migrate(Connection connection, int from, int to) {
        if (to > ALL.size()) {
            throw new DatabaseException(
                    DatabaseException.Kind.MIGRATE,
                    "Could not migrate between schemaVersions " + from + " and " + to
                            + ": trying to migrate to a database version that does not exist");
        }
        for (int version = from; version < to; version++) {
            Migration migration = ALL.get(version);
            log.debug("Migrating database migration=v{}-v{} description={}", from, to, migration.description());
            try {
                run(connection, migration);
            } catch (SQLException e) {
                throw new DatabaseException(
                        DatabaseException.Kind.MIGRATE,
                        "Could not migrate between schemaVersions " + from + " and " + to + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private static void run(Connection connection, Migration migration) throws SQLException {
        Set<String> existing = SchemaInspector.tables(connection);
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                Matcher create = CREATE_TABLE.matcher(sql);
                if (create.find() && existing.contains(create.group(1))) {
                    log.info("Table {} already exists; keeping it as it is", create.group(1));
                    continue;
                }
                statement.execute(sql);
            }
        }
    }

    /** The statements of a script without their terminating semicolons; the scripts hold no other semicolon. */
    static List<String> statementsOf(String resource) {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the db module's jar");
            }
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(script.split(";"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + " of the db module", e);
        }
    }
}
