package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.Environments;
import dev.managedtokens.core.process.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sqlite3 command-line shell: a SQLite independent of our driver, used to build files the way the Go service
 * does (its exact DDL and statements) and to read ours the way the Go service would. Shared with other modules' tests
 * through db's test-jar.
 */
public final class Sqlite3Cli {

    private static final ProcessRunner RUNNER = new ProcessRunner(4);

    /** The Go service's migration "Initial Version" (v0.17.1), copied from the spec. */
    static final String GO_INITIAL_VERSION = resource("go-v0.17.1-initial-version.sql");

    private Sqlite3Cli() {}

    /** Runs the script on the file, stops at the first error, and returns what it printed. */
    public static String run(Path database, String script) {
        CommandResult result = RUNNER.run(start(database, script, Duration.ofSeconds(60)));
        assertTrue(
                result.succeeded(),
                () -> "sqlite3 " + database + " " + result.describe() + ":\n" + result.combinedOutput() + "\nscript:\n"
                        + script);
        return result.stdout();
    }

    static Command start(Path database, String script, Duration timeout) {
        return Command.of(List.of("sqlite3", "-batch", "-bail", database.toString()), Environments.inherited(), timeout)
                .withStdin(script.getBytes(StandardCharsets.UTF_8));
    }

    static CommandResult runUnchecked(Command command) {
        return RUNNER.run(command);
    }

    /** A file exactly as the Go service v0.17.1 creates it: application_id, then its migration script. */
    public static Path goFile(Path database, String rows) {
        run(database, "PRAGMA application_id=1571300691;\n" + GO_INITIAL_VERSION + "\n" + rows);
        return database;
    }

    static String resource(String name) {
        try (InputStream in = Sqlite3Cli.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
