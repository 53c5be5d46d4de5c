package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which paths become a database, which are refused, and that a refused file is never touched. */
class OpeningTest {

    @TempDir
    Path dir;

    @Test
    void createsAMissingFileWithTheGoServicesIdentity() {
        Path file = dir.resolve("managed-tokens.db");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(file, db.location());
            assertFalse(db.readOnly());
        }
        assertEquals("1571300691", RawSql.single(file, "PRAGMA application_id"));
        assertEquals("1", RawSql.single(file, "PRAGMA user_version"));
        assertFalse(Files.exists(dir.resolve("managed-tokens.db-journal")));
    }

    @Test
    void locationIsThePathGivenEvenWhenRelative() {
        Path file =
                Path.of("").toAbsolutePath().relativize(dir.resolve("rel.db").toAbsolutePath());
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(file, db.location());
        }
        assertTrue(Files.isRegularFile(dir.resolve("rel.db")));
    }

    @Test
    void refusesAForeignSqliteFileAndLeavesItByteForByteUnchanged() throws Exception {
        Path file = dir.resolve("other.db");
        Sqlite3Cli.run(file, "PRAGMA application_id=42; CREATE TABLE x(a); INSERT INTO x VALUES (1);");
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "Got 42, expected 1571300691");
    }

    @Test
    void refusesAnSqliteFileWithoutApplicationId() throws Exception {
        Path file = dir.resolve("plain.db");
        Sqlite3Cli.run(file, Sqlite3Cli.GO_INITIAL_VERSION);
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "Got 0, expected 1571300691");
    }

    /** The Go service refuses an empty file too (application_id 0): an operator must not pre-create it with touch. */
    @Test
    void refusesAnEmptyFileAndSaysWhatToDo() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "is empty (0 bytes)");
        assertEquals(0, Files.size(file));
    }

    @Test
    void refusesAFileThatIsNotSqlite() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.db"), "experiments:\n  dune: {}\n".repeat(20));
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "not a database");
    }

    /** Damage found at open, before a write meets it part-way through a run; the file is kept for recovery. */
    @Test
    void refusesAFileWithDamagedPagesAndSaysWhatToDo() throws Exception {
        Path file = dir.resolve("damaged.db");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.upsertUids(Map.of("testuser", 5001L));
            db.registerServices(List.of("dune_production"));
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4096; i < bytes.length; i++) bytes[i] = (byte) (i * 31 + 7);
        Files.write(file, bytes);
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "the database is damaged");
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "run refresh-uids-from-ferry");
    }

    @Test
    void refusesOurIdentityWithTablesOfOtherColumns() throws Exception {
        Path file = dir.resolve("wrong-columns.db");
        Sqlite3Cli.run(
                file,
                "PRAGMA application_id=1571300691; PRAGMA user_version=1;"
                        + " CREATE TABLE uids(name TEXT); CREATE TABLE services(x); CREATE TABLE nodes(x);"
                        + " CREATE TABLE setup_errors(x); CREATE TABLE push_errors(x);");
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "table ");
        assertRefusedAndUntouched(file, DatabaseException.Kind.CHECK, "run refresh-uids-from-ferry");
    }

    @Test
    void devNullIsAnError() {
        for (Function<Path, ManagedTokensDatabase> opener : openers()) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> opener.apply(Path.of("/dev/null")));
            assertEquals(DatabaseException.Kind.OPEN, e.kind());
            assertOneLineNaming(e, "/dev/null");
        }
    }

    @Test
    void aPathUnderDevNullCannotBeCreated() {
        DatabaseException e =
                assertThrows(DatabaseException.class, () -> ManagedTokensDatabase.open(Path.of("/dev/null/uid.db")));
        assertEquals(DatabaseException.Kind.CREATE, e.kind());
        assertOneLineNaming(e, "/dev/null/uid.db");
    }

    @Test
    void aDirectoryIsAnError() {
        DatabaseException e = assertThrows(DatabaseException.class, () -> ManagedTokensDatabase.open(dir));
        assertEquals(DatabaseException.Kind.OPEN, e.kind());
        assertOneLineNaming(e, dir.toString());
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNotCreatedAndTheErrorSaysWhichOne() {
        Path file = dir.resolve("missing/uid.db");
        DatabaseException e = assertThrows(DatabaseException.class, () -> ManagedTokensDatabase.open(file));
        assertEquals(DatabaseException.Kind.CREATE, e.kind());
        assertOneLineNaming(e, dir.resolve("missing").toString());
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void readOnlyOpenOfAMissingFileCreatesNothing() {
        Path file = dir.resolve("uid.db");
        DatabaseException e = assertThrows(DatabaseException.class, () -> ManagedTokensDatabase.openReadOnly(file));
        assertEquals(DatabaseException.Kind.OPEN, e.kind());
        assertOneLineNaming(e, file.toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void readOnlyOpenReadsAndNeverWrites() throws IOException {
        Path file = Sqlite3Cli.goFile(dir.resolve("go.db"), "INSERT INTO uids VALUES ('testuser', 12345);");
        byte[] before = Files.readAllBytes(file);
        try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(file)) {
            assertTrue(db.readOnly());
            assertEquals(Map.of("testuser", 12345L), db.uids());
            db.status();
            DatabaseException e = assertThrows(DatabaseException.class, () -> db.registerServices(List.of("a_b")));
            assertEquals(DatabaseException.Kind.QUERY, e.kind());
            assertOneLineNaming(e, file.toString());
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of(), RawSql.rows(file, "SELECT name FROM sqlite_master WHERE name LIKE 'ext_%'"));
    }

    @Test
    void aNewerSchemaVersionIsUsedAsItIsWithoutCreatingTheGoTables() {
        Path file = dir.resolve("newer.db");
        Sqlite3Cli.run(
                file,
                "PRAGMA application_id=1571300691; PRAGMA user_version=2;"
                        + " CREATE TABLE uids (username STRING UNIQUE NOT NULL PRIMARY KEY, uid INTEGER UNIQUE NOT NULL);"
                        + " INSERT INTO uids VALUES ('testuser', 12345);");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(12345L, db.uid("testuser").orElseThrow());
        }
        assertEquals("2", RawSql.single(file, "PRAGMA user_version"));
        assertEquals("0", RawSql.single(file, "SELECT count(*) FROM sqlite_master WHERE name = 'services'"));
    }

    @Test
    void aClosedDatabaseSaysSo() {
        ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"));
        db.close();
        db.close();
        DatabaseException e = assertThrows(DatabaseException.class, () -> db.uid("testuser"));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
    }

    private void assertRefusedAndUntouched(Path file, DatabaseException.Kind kind, String expected) throws Exception {
        byte[] before = Files.readAllBytes(file);
        FileTime modified = Files.getLastModifiedTime(file);
        List<String> siblings = siblings();
        for (Function<Path, ManagedTokensDatabase> opener : openers()) {
            DatabaseException e = assertThrows(DatabaseException.class, () -> opener.apply(file));
            assertEquals(kind, e.kind());
            assertOneLineNaming(e, file.toString());
            assertTrue(e.getMessage().contains(expected), e.getMessage());
        }
        assertArrayEquals(before, Files.readAllBytes(file), "the refused file must be byte-for-byte unchanged");
        assertEquals(modified, Files.getLastModifiedTime(file));
        assertEquals(siblings, siblings(), "no journal or other file may appear");
    }

    private List<String> siblings() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Function<Path, ManagedTokensDatabase>> openers() {
        return List.of(ManagedTokensDatabase::open, ManagedTokensDatabase::openReadOnly);
    }

    private static void assertOneLineNaming(DatabaseException e, String name) {
        assertTrue(e.getMessage().contains(name), () -> "message should name " + name + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), () -> "message should be one line: " + e.getMessage());
    }
}
