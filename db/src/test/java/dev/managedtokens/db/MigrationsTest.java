package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The migration mechanism (upstream's cases) and the files of older versions. */
class MigrationsTest {

    private static final String LEGACY_UIDS =
            "CREATE TABLE uids (username STRING NOT NULL PRIMARY KEY, uid INTEGER NOT NULL)";

    @TempDir
    Path dir;

    @Test
    void migratingAnEmptyFileFromZeroToOneCreatesTheGoSchema() throws SQLException {
        Path file = dir.resolve("empty-with-id.db");
        Sqlite3Cli.run(file, "PRAGMA application_id=1571300691;");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Migrations.migrate(c, 0, 1);
        }
        Path go = Sqlite3Cli.goFile(dir.resolve("go.db"), "");
        assertEquals(GoServiceFileTest.goSchema(go), GoServiceFileTest.goSchema(file));
        assertEquals("1", RawSql.single(file, "PRAGMA user_version"));
    }

    @Test
    void migratingDownOrToTheSameVersionDoesNothing() throws SQLException {
        Path file = dir.resolve("v2.db");
        Sqlite3Cli.run(file, "PRAGMA application_id=1571300691; PRAGMA user_version=2;");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            Migrations.migrate(c, 2, 1);
            Migrations.migrate(c, 0, 0);
        }
        assertEquals("0", RawSql.single(file, "SELECT count(*) FROM sqlite_master"));
        assertEquals("2", RawSql.single(file, "PRAGMA user_version"));
    }

    @Test
    void migratingToAVersionThatDoesNotExistIsAnError() throws SQLException {
        int beyond = Migrations.ALL.size() + 1;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"))) {
            for (int from : List.of(beyond, 0)) {
                DatabaseException e = assertThrows(DatabaseException.class, () -> Migrations.migrate(c, from, beyond));
                assertEquals(DatabaseException.Kind.MIGRATE, e.kind());
                assertEquals(
                        "Could not migrate between schemaVersions " + from + " and " + beyond
                                + ": trying to migrate to a database version that does not exist",
                        e.getMessage());
            }
        }
    }

    /** v0.4-v0.7 files have only uids: the Go service fails once and then runs without the other four tables. */
    @Test
    void aFileOfVersionsBeforeZeroEightGetsTheMissingTablesInOneGo() {
        Path file = dir.resolve("legacy.db");
        Sqlite3Cli.run(
                file,
                "PRAGMA application_id=1571300691; " + LEGACY_UIDS + ";"
                        + " INSERT INTO uids VALUES ('testuser', 12345), ('anothertestuser', 67890);");
        assertLegacyFileUpgraded(file);
    }

    /** What the Go service leaves after its failed migration of such a file: version 1, only uids. */
    @Test
    void aLegacyFileTheGoServiceLeftHalfMigratedIsRepaired() {
        Path file = dir.resolve("half.db");
        Sqlite3Cli.run(
                file,
                "PRAGMA application_id=1571300691; PRAGMA user_version=1; " + LEGACY_UIDS + ";"
                        + " INSERT INTO uids VALUES ('testuser', 12345), ('anothertestuser', 67890);");
        assertLegacyFileUpgraded(file);
    }

    /** The Go service applies a migration statement by statement and keeps what ran before a failure. */
    @Test
    void aFailingMigrationChangesNothing() {
        Path file = dir.resolve("blocked.db");
        Sqlite3Cli.run(file, "PRAGMA application_id=1571300691; CREATE VIEW nodes AS SELECT 1 AS name;");
        String schemaBefore = RawSql.rows(file, "SELECT * FROM sqlite_master").toString();
        DatabaseException e = assertThrows(DatabaseException.class, () -> ManagedTokensDatabase.open(file));
        assertEquals(DatabaseException.Kind.MIGRATE, e.kind());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("nodes"), e.getMessage());
        assertEquals("0", RawSql.single(file, "PRAGMA user_version"));
        assertEquals(
                schemaBefore, RawSql.rows(file, "SELECT * FROM sqlite_master").toString());
    }

    private void assertLegacyFileUpgraded(Path file) {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(Map.of("testuser", 12345L, "anothertestuser", 67890L), db.uids());
            db.registerServices(List.of("dune_production"));
            assertTrue(db.setSetupErrorCount("dune_production", 2));
            assertEquals(2, db.setupErrorCount("dune_production").orElseThrow());
        }
        assertEquals("1", RawSql.single(file, "PRAGMA user_version"));
        Path go = Sqlite3Cli.goFile(dir.resolve("reference.db"), "");
        String tablesOtherThanUids =
                " WHERE tbl_name IN ('services','nodes','setup_errors','push_errors') ORDER BY name";
        assertEquals(
                RawSql.rows(go, "SELECT type, name, tbl_name, sql FROM sqlite_master" + tablesOtherThanUids),
                RawSql.rows(file, "SELECT type, name, tbl_name, sql FROM sqlite_master" + tablesOtherThanUids));
        assertEquals(
                LEGACY_UIDS,
                RawSql.single(file, "SELECT sql FROM sqlite_master WHERE name = 'uids'"),
                "the old uids table is kept as it is");
    }
}
