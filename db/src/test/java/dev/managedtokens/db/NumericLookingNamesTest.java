package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.managedtokens.db.UidUpsertReport.Conflict;
import dev.managedtokens.db.UidUpsertReport.ConflictReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names in the Go tables are declared {@code STRING}, which SQLite gives NUMERIC affinity: {@code '007'} is stored as
 * the integer 7. Whatever the storage class, ours reads back exactly what it wrote, and the Go service's lookups still
 * find the rows.
 */
class NumericLookingNamesTest {

    private static final List<String> NUMERIC_LOOKING =
            List.of("007", "123", " 42", "1e3", "3.0", "1.5", "+5", "12345678901234567890");

    @TempDir
    Path dir;

    @Test
    void anAccountNamed007ReadsBackAs007AndIsStoredAsTheGoServiceStoresIt() {
        Path file = dir.resolve("uid.db");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.upsertUids(Map.of("007", 5007L, "alice", 1000L));
            assertEquals(Map.of("007", 5007L, "alice", 1000L), db.uids());
            assertEquals(OptionalLong.of(5007), db.uid("007"));
        }
        assertEquals(
                List.of(List.of("integer", "7", "5007")),
                RawSql.rows(file, "SELECT typeof(username), username, uid FROM uids WHERE uid = 5007"),
                "the Go table must hold what the Go service would write");
        assertEquals(
                "5007\n",
                Sqlite3Cli.run(file, "SELECT uid FROM uids WHERE username = '007' ;"),
                "the Go service's lookup must find it");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(Map.of("007", 5007L, "alice", 1000L), db.uids(), "after reopening too");
        }
    }

    @Test
    void serviceAndNodeNamesOfEveryNumericShapeReadBackExactly() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            db.registerServices(NUMERIC_LOOKING);
            db.registerNodes(NUMERIC_LOOKING);
            db.registerNodes(List.of("131.225.1.1", "node_1"));
            assertEquals(NUMERIC_LOOKING, db.services());
            List<String> nodes = new java.util.ArrayList<>(NUMERIC_LOOKING);
            nodes.addAll(List.of("131.225.1.1", "node_1"));
            assertEquals(nodes, db.nodes());
        }
    }

    @Test
    void errorCountsAndStatusShowNumericNodeNamesAsWritten() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            db.registerServices(List.of("007"));
            db.registerNodes(List.of("007", "123"));
            assertEquals(Set.of(), db.setPushErrorCounts("007", Map.of("007", 2, "123", 1)));
            db.setSetupErrorCount("007", 4);
            assertEquals(Map.of("007", 2, "123", 1), db.pushErrorCounts("007"));
            assertEquals(4, db.setupErrorCount("007").orElseThrow());
            assertEquals(2, db.pushErrorCount("007", "007").orElseThrow());
            assertEquals(2, db.pushErrorCount("7", "7").orElseThrow(), "matched as the Go service's reads match");
            ServiceStatus status = db.status().services().get(0);
            assertEquals("007", status.service());
            assertEquals(4, status.setupErrorCount());
            assertEquals(
                    List.of("007", "123"),
                    status.nodes().stream().map(NodeStatus::node).toList());
        }
    }

    /** The Go service's file holds only the number: its spelling is gone, so we show SQLite's text of it. */
    @Test
    void aNumericNameTheGoServiceWroteReadsBackAsTheNumberUntilWeWriteIt() {
        Path file = Sqlite3Cli.goFile(dir.resolve("go.db"), "INSERT INTO uids VALUES ('007', 5007);");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(Map.of("7", 5007L), db.uids());
            assertEquals(OptionalLong.of(5007), db.uid("007"));
            db.upsertUids(Map.of("007", 5007L));
            assertEquals(Map.of("007", 5007L), db.uids());
        }
    }

    /** The Go table cannot hold both: they are one row there. */
    @Test
    void twoAccountsStoredAsTheSameNumberAreBothConflicts() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            UidUpsertReport report = db.upsertUids(Map.of("007", 1L, "7", 2L, "alice", 3L));
            assertEquals(
                    List.of(
                            new Conflict("007", 1, "7", ConflictReason.SAME_NAME_IN_DATABASE, OptionalLong.empty()),
                            new Conflict("7", 2, "007", ConflictReason.SAME_NAME_IN_DATABASE, OptionalLong.empty())),
                    report.conflicts());
            assertEquals(Map.of("alice", 3L), db.uids());
        }
    }
}
