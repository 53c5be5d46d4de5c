package dev.managedtokens.db;

import dev.managedtokens.db.DatabaseException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Opens the file the way the Go service does (create only when missing, check the application_id, migrate older
 * versions), but checks a file's identity from its header before SQLite writes anything to it, so a foreign file is
 * left byte for byte as it was, and reports the real cause of every failure.
 */
final class DatabaseOpener {

    /** The Go driver's busy timeout: how long a statement waits for another process's lock before failing. */
    static final int BUSY_TIMEOUT_MILLIS = 5000;

    /** A ready connection and the tables the file holds. */
    record Opened(Connection connection, Set<String> tables) {}

    private enum Access {
        READ_ONLY,
        READ_WRITE,
        CREATE
    }

    private static final Logger log = LoggerFactory.getLogger(DatabaseOpener.class);

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private static final int HEADER_SIZE = 100;

    private static final int APPLICATION_ID_OFFSET = 68;

    /** SQLite's primary result codes for a damaged file. */
    private static final int SQLITE_CORRUPT = 11;

    private static final int SQLITE_NOTADB = 26;

    private DatabaseOpener() {}

    /** Creates the file if it does not exist, checks it, migrates it and adds our tables. */
    static Opened openReadWrite(Path path) {
        rejectUnusablePath(path);
        if (!Files.exists(path)) {
            create(path);
        } else {
            log.debug("ManagedTokensDatabase file already exists.  Will try to use it path={}", path);
        }
        checkHeader(path);
        Connection connection = connect(path, Access.READ_WRITE, Kind.OPEN);
        try {
            checkApplicationId(connection, path);
            checkIntact(connection, path);
            bringUpToDate(connection, path);
            addOurTables(connection, path);
            Set<String> tables = SchemaInspector.tables(connection);
            log.debug("ManagedTokensDatabase connection ready path={}", path);
            return new Opened(connection, tables);
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new DatabaseException(Kind.OPEN, "cannot read database " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    /** Opens an existing file without ever writing to it: no creation, no migration, no tables of ours added. */
    static Opened openReadOnly(Path path) {
        rejectUnusablePath(path);
        if (!Files.exists(path)) {
            throw new DatabaseException(
                    Kind.OPEN,
                    "no database at " + path
                            + ": the file does not exist; check dbLocation, or run refresh-uids-from-ferry once to create it");
        }
        checkHeader(path);
        Connection connection = connect(path, Access.READ_ONLY, Kind.OPEN);
        try {
            checkApplicationId(connection, path);
            checkIntact(connection, path);
            return new Opened(connection, SchemaInspector.tables(connection));
        } catch (SQLException e) {
            closeQuietly(connection, e);
            throw new DatabaseException(Kind.OPEN, "cannot read database " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    private static void rejectUnusablePath(Path path) {
        // The JDBC driver reads "?" as the start of connection parameters and would open another file.
        if (path.toString().isEmpty() || path.toString().contains("?")) {
            throw new DatabaseException(
                    Kind.OPEN,
                    "cannot use \"" + path
                            + "\" as the database: the path is empty or contains '?'; set dbLocation to a file path");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            String what = Files.isDirectory(path) ? "a directory" : "not a regular file (a device, pipe or socket)";
            throw new DatabaseException(
                    Kind.OPEN,
                    "cannot use " + path + " as the database: it is " + what
                            + "; set dbLocation to the path of the SQLite file");
        }
    }

    private static void create(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            String problem = parent != null && Files.exists(parent) ? " is not a directory" : " does not exist";
            throw new DatabaseException(
                    Kind.CREATE,
                    "cannot create database " + path + ": " + parent + problem
                            + "; create the directory (the Go service's package makes /var/lib/managed-tokens) or fix"
                            + " dbLocation");
        }
        Connection connection = connect(path, Access.CREATE, Kind.CREATE);
        try {
            Transactions.write(connection, c -> {
                // Another process may have created it between our check and our lock: then leave it to the checks.
                if (SchemaInspector.applicationId(c) == 0
                        && SchemaInspector.userVersion(c) == 0
                        && SchemaInspector.tables(c).isEmpty()) {
                    execute(c, "PRAGMA application_id=" + Schema.APPLICATION_ID + ";");
                    Migrations.migrate(c, 0, Schema.SCHEMA_VERSION);
                }
                return null;
            });
            log.debug("Created new ManagedTokensDatabase path={}", path);
        } catch (SQLException | DatabaseException e) {
            closeQuietly(connection, e);
            removeIfEmpty(path, e);
            throw new DatabaseException(
                    Kind.CREATE,
                    "cannot create database " + path + ": " + e.getMessage() + "; check that " + parent
                            + " is writable",
                    e);
        }
        closeQuietly(connection, null);
    }

    /** Checks the header from the file itself, so that SQLite never opens a foreign file for writing. */
    private static void checkHeader(Path path) {
        byte[] header = new byte[HEADER_SIZE];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(header, 0, HEADER_SIZE);
        } catch (IOException e) {
            throw new DatabaseException(
                    Kind.OPEN, "cannot read database " + path + ": " + e.getMessage() + "; check its permissions", e);
        }
        if (read == 0) {
            throw new DatabaseException(
                    Kind.CHECK,
                    "refusing to use " + path
                            + ": the file is empty (0 bytes), not a Managed Tokens database; remove it and it will be created"
                            + " on the next run");
        }
        if (read < HEADER_SIZE
                || !Arrays.equals(header, 0, SQLITE_MAGIC.length, SQLITE_MAGIC, 0, SQLITE_MAGIC.length)) {
            throw new DatabaseException(
                    Kind.CHECK,
                    "refusing to use " + path
                            + ": file is not a database (no SQLite header) and was left as it is; if dbLocation names the"
                            + " right file, " + REBUILD);
        }
        int applicationId = ByteBuffer.wrap(header, APPLICATION_ID_OFFSET, 4).getInt();
        if (applicationId != Schema.APPLICATION_ID) {
            throw mismatch(path, applicationId);
        }
    }

    /** Checks again through SQLite, in case the file was replaced between the header check and the open. */
    private static void checkApplicationId(Connection connection, Path path) throws SQLException {
        int applicationId;
        try {
            applicationId = SchemaInspector.applicationId(connection);
        } catch (SQLException e) {
            throw new DatabaseException(
                    Kind.CHECK,
                    "Could not get application_id from ManagedTokensDatabase " + path + ": " + e.getMessage(),
                    e);
        }
        if (applicationId != Schema.APPLICATION_ID) {
            throw mismatch(path, applicationId);
        }
    }

    /**
     * Refuses a file with damaged pages or with tables whose columns are not ours, before anything is written to it:
     * such a file would fail some statements and not others, part-way through a run. It is left as it is, since it
     * may be all an operator has to recover from.
     */
    private static void checkIntact(Connection connection, Path path) {
        List<String> damage;
        try {
            damage = SchemaInspector.damage(connection);
        } catch (SQLException e) {
            int primary = e.getErrorCode() & 0xff;
            if (primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
                // Busy or unreadable is not damage: the file is fine, this run just cannot use it now.
                throw new DatabaseException(
                        Kind.OPEN,
                        "cannot check database " + path + ": " + e.getMessage()
                                + "; if another process holds it, try again",
                        e);
            }
            damage = List.of(e.getMessage());
        }
        if (!damage.isEmpty()) {
            String found = String.join("; ", damage).replace('\n', ' ').replace("*** in database main *** ", "");
            throw new DatabaseException(
                    Kind.CHECK,
                    "refusing to use " + path + ": the database is damaged (" + found + ") and was left as it is; "
                            + REBUILD);
        }
        try {
            Set<String> tables = SchemaInspector.tables(connection);
            for (var table : Schema.COLUMNS.entrySet()) {
                if (!tables.contains(table.getKey())) {
                    continue;
                }
                Set<String> columns = SchemaInspector.columns(connection, table.getKey());
                List<String> missing = table.getValue().stream()
                        .filter(c -> !columns.contains(c))
                        .sorted()
                        .toList();
                if (!missing.isEmpty()) {
                    throw new DatabaseException(
                            Kind.CHECK,
                            "refusing to use " + path + ": its table "
                                    + table.getKey() + " lacks the column(s) " + String.join(", ", missing)
                                    + " (it has "
                                    + String.join(", ", columns)
                                    + "), so it is not a Managed Tokens database and was left as"
                                    + " it is; " + REBUILD);
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(
                    Kind.OPEN,
                    "cannot read the tables of database " + path + ": " + e.getMessage()
                            + "; if another process holds it, try again",
                    e);
        }
    }

    /** What an operator does about a file that cannot be used: a new one is made and refilled from FERRY. */
    static final String REBUILD = "move the file aside (keep it for a post-mortem) and run refresh-uids-from-ferry,"
            + " which creates a new database with the UIDs";

    private static DatabaseException mismatch(Path path, int applicationId) {
        return new DatabaseException(
                Kind.CHECK,
                "refusing to use " + path + ": Application IDs do not match.  Got "
                        + applicationId + ", expected " + Schema.APPLICATION_ID
                        + "; it is not a Managed Tokens database and was left unchanged, fix dbLocation");
    }

    private static void bringUpToDate(Connection connection, Path path) throws SQLException {
        int version = SchemaInspector.userVersion(connection);
        if (version > Schema.SCHEMA_VERSION) {
            log.warn(
                    "Database is from a newer version of the Managed Tokens library.  There may have been breaking"
                            + " changes in newer migrations path={} user_version={}",
                    path,
                    version);
            return;
        }
        if (version == Schema.SCHEMA_VERSION
                && SchemaInspector.tables(connection).containsAll(Schema.GO_TABLES)) {
            return;
        }
        try {
            Transactions.write(connection, c -> {
                // Re-read under the write lock: the other executable may have migrated the file meanwhile.
                int current = SchemaInspector.userVersion(c);
                if (current < Schema.SCHEMA_VERSION) {
                    Migrations.migrate(c, current, Schema.SCHEMA_VERSION);
                } else if (current == Schema.SCHEMA_VERSION
                        && !SchemaInspector.tables(c).containsAll(Schema.GO_TABLES)) {
                    // The Go service leaves a v0.4-v0.7 file at version 1 with only uids: run the first entry again.
                    Migrations.migrate(c, 0, Schema.SCHEMA_VERSION);
                }
                return null;
            });
        } catch (SQLException | DatabaseException e) {
            throw new DatabaseException(
                    Kind.MIGRATE,
                    "cannot use database " + path
                            + ": Error migrating database schema versions: " + e.getMessage()
                            + "; nothing was changed, check that the file is writable",
                    e);
        }
    }

    /** Adds our tables if absent; a file we may not write to is still usable without them. */
    private static void addOurTables(Connection connection, Path path) throws SQLException {
        List<String> missing = new ArrayList<>(Schema.EXT_TABLES);
        missing.removeAll(SchemaInspector.tables(connection));
        if (missing.isEmpty()) {
            return;
        }
        try {
            Transactions.write(connection, c -> {
                for (String table : missing) {
                    execute(c, Schema.extDdl(table).replaceFirst("^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS "));
                }
                return null;
            });
        } catch (SQLException e) {
            log.warn(
                    "Cannot add tables {} to {}: {}; push history and exact names of numeric-looking names are not"
                            + " recorded",
                    missing,
                    path,
                    e.getMessage());
        }
    }

    private static Connection connect(Path path, Access access, Kind failureKind) {
        NativeLibraryDirectory.prepare();
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        switch (access) {
            case READ_ONLY -> config.setReadOnly(true);
            case READ_WRITE -> config.resetOpenMode(SQLiteOpenMode.CREATE);
            case CREATE -> {}
        }
        try {
            return config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw new DatabaseException(
                    failureKind,
                    "cannot open database " + path + ": " + e.getMessage()
                            + "; check that the file and its directory exist and are readable and writable",
                    e);
        }
    }

    private static void removeIfEmpty(Path path, Exception cause) {
        // Only an empty file can be ours alone: SQLite creates the file at open, before our transaction.
        try {
            if (Files.isRegularFile(path) && Files.size(path) == 0) {
                Files.delete(path);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static void closeQuietly(Connection connection, Exception cause) {
        try {
            connection.close();
        } catch (SQLException e) {
            if (cause != null) {
                cause.addSuppressed(e);
            }
        }
    }
}
