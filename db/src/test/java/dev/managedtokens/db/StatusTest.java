package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our push history and the status read for {@code token-push status}, on our files and on the Go service's. */
class StatusTest {

    private static final Instant T1 = Instant.parse("2025-03-01T10:58:00.123Z");
    private static final Instant T2 = Instant.parse("2025-03-01T11:58:00.456Z");

    @TempDir
    Path dir;

    private Path goFile() {
        return Sqlite3Cli.goFile(dir.resolve("go.db"), """
                INSERT INTO uids VALUES ('duneprod', 50001), ('mu2eana', 50002);
                INSERT INTO services(name) VALUES ('dune_production'), ('mu2e_analysis');
                INSERT INTO nodes(name) VALUES ('dunegpvm01.fnal.gov'), ('mu2egpvm01.fnal.gov');
                INSERT INTO setup_errors(service_id, count) VALUES (2, 3);
                INSERT INTO push_errors(service_id, node_id, count) VALUES (1, 1, 1);
                """);
    }

    @Test
    void statusOfAFileTheGoServiceWroteHasCountsAndUidsButNoHistory() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(goFile())) {
            DatabaseStatus status = db.status();
            assertFalse(status.historyAvailable());
            assertEquals(Map.of("duneprod", 50001L, "mu2eana", 50002L), status.uids());
            assertEquals(
                    List.of(
                            new ServiceStatus(
                                    "dune_production",
                                    0,
                                    List.of(new NodeStatus("dunegpvm01.fnal.gov", 1, null, false, null))),
                            new ServiceStatus("mu2e_analysis", 3, List.of())),
                    status.services());
        }
    }

    @Test
    void aFailureAfterASuccessKeepsTheLastSuccessAndAnOlderResultDoesNotOverwriteANewerOne() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            db.recordPush(new PushAttempt("dune_production", "node1", T1, true));
            db.recordPushes(List.of(
                    new PushAttempt("dune_production", "node1", T2, false),
                    new PushAttempt("dune_production", "node2", T2, true)));
            db.recordPush(new PushAttempt("dune_production", "node2", T1, false));
            ServiceStatus service = db.status().services().get(0);
            assertEquals(
                    List.of(new NodeStatus("node1", 0, T2, false, T1), new NodeStatus("node2", 0, T2, true, T2)),
                    service.nodes());
        }
    }

    @Test
    void statusMergesHistoryWithTheGoServicesCounters() {
        Path file = goFile();
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.recordPush(new PushAttempt("dune_production", "dunegpvm01.fnal.gov", T1, true));
            db.recordPush(new PushAttempt("dune_production", "dunegpvm02.fnal.gov", T2, false));
            db.recordPush(new PushAttempt("nova_production", "novagpvm01.fnal.gov", T2, true));
            DatabaseStatus status = db.status();
            assertTrue(status.historyAvailable());
            assertEquals(
                    List.of(
                            new ServiceStatus(
                                    "dune_production",
                                    0,
                                    List.of(
                                            new NodeStatus("dunegpvm01.fnal.gov", 1, T1, true, T1),
                                            new NodeStatus("dunegpvm02.fnal.gov", 0, T2, false, null))),
                            new ServiceStatus("mu2e_analysis", 3, List.of()),
                            new ServiceStatus(
                                    "nova_production",
                                    0,
                                    List.of(new NodeStatus("novagpvm01.fnal.gov", 0, T2, true, T2)))),
                    status.services());
        }
    }

    @Test
    void recordingHistoryNeverChangesTheGoServicesTablesOrVersion() {
        Path file = goFile();
        String goSchema = GoServiceFileTest.goSchema(file);
        String goRows = RawSql.rows(file, "SELECT * FROM uids").toString()
                + RawSql.rows(file, "SELECT * FROM services")
                + RawSql.rows(file, "SELECT * FROM nodes")
                + RawSql.rows(file, "SELECT * FROM push_errors");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.recordPush(new PushAttempt("dune_production", "dunegpvm01.fnal.gov", T1, true));
        }
        assertEquals(goSchema, GoServiceFileTest.goSchema(file));
        assertEquals(
                goRows,
                RawSql.rows(file, "SELECT * FROM uids").toString()
                        + RawSql.rows(file, "SELECT * FROM services")
                        + RawSql.rows(file, "SELECT * FROM nodes")
                        + RawSql.rows(file, "SELECT * FROM push_errors"));
        assertEquals("1", RawSql.single(file, "PRAGMA user_version"));
        assertEquals("1571300691", RawSql.single(file, "PRAGMA application_id"));
        assertEquals(
                List.of(List.of("dune_production", "dunegpvm01.fnal.gov", String.valueOf(T1.toEpochMilli()))),
                RawSql.rows(file, "SELECT service, node, last_success_unix_ms FROM ext_push_history"));
    }
}
