package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written by the Go service are read and updated by ours, and ours are indistinguishable from the Go service's. */
class GoServiceFileTest {

    private static final String GO_TABLES_IN = "('uids','services','nodes','setup_errors','push_errors')";

    @TempDir
    Path dir;

    private Path goFileWithRows() {
        return Sqlite3Cli.goFile(dir.resolve("go.db"), """
                INSERT INTO uids(username, uid) VALUES ('testuser', 12345), ('anothertestuser', 67890);
                INSERT INTO services(name) VALUES ('foo_production'), ('bar_analysis');
                INSERT INTO nodes(name) VALUES ('foonode.fnal.gov');
                INSERT INTO setup_errors(service_id, count)
                    SELECT (SELECT services.id FROM services WHERE services.name = 'foo_production'), 1;
                INSERT INTO push_errors(service_id, node_id, count)
                    SELECT (SELECT id FROM services WHERE name = 'foo_production'),
                           (SELECT id FROM nodes WHERE name = 'foonode.fnal.gov'), 2;
                """);
    }

    @Test
    void readsAFileTheGoServiceWrote() {
        Path file = goFileWithRows();
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(OptionalLong.of(12345), db.uid("testuser"));
            assertEquals(OptionalLong.empty(), db.uid("nonexistentuser"));
            assertEquals(Map.of("testuser", 12345L, "anothertestuser", 67890L), db.uids());
            assertEquals(List.of("foo_production", "bar_analysis"), db.services());
            assertEquals(List.of("foonode.fnal.gov"), db.nodes());
            assertEquals(OptionalInt.of(1), db.setupErrorCount("foo_production"));
            assertEquals(OptionalInt.empty(), db.setupErrorCount("bar_analysis"));
            assertEquals(Map.of("foonode.fnal.gov", 2), db.pushErrorCounts("foo_production"));
        }
    }

    @Test
    void updatesAFileTheGoServiceWroteSoThatTheGoQueriesSeeTheChanges() {
        Path file = goFileWithRows();
        String goSchemaBefore = goSchema(file);
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.upsertUids(Map.of("testuser", 12345L, "newuser", 11111L));
            db.registerNodes(List.of("barnode.fnal.gov"));
            assertTrue(db.setSetupErrorCount("bar_analysis", 3));
            assertEquals(
                    Set.of(),
                    db.setPushErrorCounts("foo_production", Map.of("foonode.fnal.gov", 0, "barnode.fnal.gov", 1)));
        }
        // The Go service's own statements, verbatim, through another SQLite.
        String out = Sqlite3Cli.run(file, """
                SELECT uid FROM uids WHERE username = 'newuser' ;
                SELECT services.name, setup_errors.count FROM setup_errors INNER JOIN services ON services.id = setup_errors.service_id WHERE services.name = 'bar_analysis' ;
                SELECT services.name, nodes.name, push_errors.count FROM push_errors INNER JOIN services ON services.id = push_errors.service_id INNER JOIN nodes on nodes.id = push_errors.node_id WHERE services.name = 'foo_production' ORDER BY nodes.name;
                PRAGMA application_id;
                PRAGMA user_version;
                """);
        assertEquals("""
                11111
                bar_analysis|3
                foo_production|barnode.fnal.gov|1
                foo_production|foonode.fnal.gov|0
                1571300691
                1
                """, out);
        assertEquals(goSchemaBefore, goSchema(file), "the Go service's tables must not change");
    }

    @Test
    void schemaCreatedByOursMatchesTheGoServiceTableForTable() throws IOException {
        Path go = Sqlite3Cli.goFile(dir.resolve("go.db"), "");
        Path ours = dir.resolve("ours.db");
        ManagedTokensDatabase.open(ours).close();

        assertEquals(goSchema(go), goSchema(ours));
        for (String table : Schema.GO_TABLES) {
            assertEquals(pragma(go, "table_info", table), pragma(ours, "table_info", table), table);
            assertEquals(pragma(go, "foreign_key_list", table), pragma(ours, "foreign_key_list", table), table);
            assertEquals(pragma(go, "index_list", table), pragma(ours, "index_list", table), table);
            for (List<String> index : RawSql.rows(go, "PRAGMA index_list('" + table + "')")) {
                assertEquals(pragma(go, "index_xinfo", index.get(1)), pragma(ours, "index_xinfo", index.get(1)));
            }
        }
        for (String pragma :
                List.of("application_id", "user_version", "journal_mode", "encoding", "page_size", "auto_vacuum")) {
            assertEquals(RawSql.single(go, "PRAGMA " + pragma), RawSql.single(ours, "PRAGMA " + pragma), pragma);
        }
        assertArrayEquals(new byte[] {0x5d, (byte) 0xa8, 0x25, 0x53}, header(ours, 68));
        assertArrayEquals(new byte[] {0, 0, 0, 1}, header(ours, 60));
        List<List<String>> extra = RawSql.rows(
                ours,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN " + GO_TABLES_IN
                        + " ORDER BY name");
        assertEquals(
                List.of(List.of("ext_name_spellings"), List.of("ext_push_history")),
                extra,
                "ours adds only its own ext_ tables");
    }

    /** Upstream's schema test: stored CREATE texts, whitespace collapsed, equal the migration's. */
    @Test
    void storedSchemaEqualsTheMigrationsCreateStatements() {
        Path ours = dir.resolve("ours.db");
        ManagedTokensDatabase.open(ours).close();
        List<String> expected = Arrays.stream(Sqlite3Cli.GO_INITIAL_VERSION.split(";"))
                .map(String::strip)
                .filter(s -> s.startsWith("CREATE TABLE"))
                .map(GoServiceFileTest::collapse)
                .sorted()
                .toList();
        List<String> stored = RawSql.rows(
                        ours, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN " + GO_TABLES_IN)
                .stream()
                .map(r -> collapse(r.get(0)))
                .sorted()
                .toList();
        assertEquals(expected, stored);
    }

    @Test
    void reopeningAnUpToDateFileDoesNotWriteToIt() throws IOException {
        Path ours = dir.resolve("ours.db");
        ManagedTokensDatabase.open(ours).close();
        byte[] before = Files.readAllBytes(ours);
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(ours)) {
            db.uids();
        }
        assertArrayEquals(before, Files.readAllBytes(ours));
    }

    /** The Go tables' entries of sqlite_master, SQL text exact (tabs and newlines included). */
    static String goSchema(Path file) {
        return RawSql.rows(
                        file,
                        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE tbl_name IN " + GO_TABLES_IN
                                + " ORDER BY name")
                .toString();
    }

    private static List<List<String>> pragma(Path file, String pragma, String argument) {
        return new ArrayList<>(RawSql.rows(file, "PRAGMA " + pragma + "('" + argument + "')"));
    }

    private static byte[] header(Path file, int offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return Arrays.copyOfRange(all, offset, offset + 4);
    }

    private static String collapse(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }
}
