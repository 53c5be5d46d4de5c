package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.db.UidUpsertReport.Added;
import dev.managedtokens.db.UidUpsertReport.Changed;
import dev.managedtokens.db.UidUpsertReport.Conflict;
import dev.managedtokens.db.UidUpsertReport.ConflictReason;
import dev.managedtokens.db.UidUpsertReport.Reassignment;
import dev.managedtokens.db.UidUpsertReport.Unchanged;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UID batch of refresh-uids-from-ferry: one transaction, nothing deleted, {@code uid UNIQUE} kept, swaps inside
 * the batch resolved, and a UID held by an account outside the batch reported instead of failing every account.
 */
class UidUpsertTest {

    @TempDir
    Path dir;

    private Path fileWith(String uidRows) {
        return Sqlite3Cli.goFile(
                dir.resolve("uid.db"), uidRows.isEmpty() ? "" : "INSERT INTO uids VALUES " + uidRows + ";");
    }

    @Test
    void anEmptyBatchWritesNothing() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            UidUpsertReport report = db.upsertUids(Map.of());
            assertEquals(new UidUpsertReport(List.of(), List.of(), List.of(), List.of(), List.of()), report);
            assertEquals(Map.of(), db.uids());
        }
    }

    @Test
    void newAccountsAreAdded() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            UidUpsertReport report = db.upsertUids(Map.of("testuser", 12345L, "anothertestuser", 67890L));
            assertEquals(List.of(new Added("anothertestuser", 67890), new Added("testuser", 12345)), report.added());
            assertEquals(List.of("anothertestuser", "testuser"), report.written());
            assertEquals(Map.of("testuser", 12345L, "anothertestuser", 67890L), db.uids());
        }
    }

    @Test
    void sameUidIsUnchangedAndANewUidIsAChangeWithTheOldValue() {
        Path file = fileWith("('testuser', 12345), ('mover', 500)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("testuser", 12345L, "mover", 501L));
            assertEquals(List.of(new Unchanged("testuser", 12345)), report.unchanged());
            assertEquals(List.of(new Changed("mover", 500, 501)), report.changed());
            assertEquals(List.of(), report.added());
            assertFalse(report.hasConflicts());
            assertEquals(Map.of("testuser", 12345L, "mover", 501L), db.uids());
        }
    }

    @Test
    void aSwapBetweenTwoRefreshedAccountsIsResolvedAndUniquenessStillHolds() {
        Path file = fileWith("('alice', 1001), ('bob', 1002), ('carol', 1003)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 1002L, "bob", 1001L));
            assertEquals(List.of(new Changed("alice", 1001, 1002), new Changed("bob", 1002, 1001)), report.changed());
            assertEquals(
                    List.of(new Reassignment(1002, "bob", "alice"), new Reassignment(1001, "alice", "bob")),
                    report.reassignments());
            assertEquals(Map.of("alice", 1002L, "bob", 1001L, "carol", 1003L), db.uids());
        }
        assertThrows(
                SQLException.class,
                () -> RawSql.execute(file, "INSERT INTO uids VALUES ('dave', 1003)"),
                "the Go service's uid UNIQUE constraint must still be in force");
    }

    @Test
    void aChainEndingInANewAccountIsResolved() {
        Path file = fileWith("('alice', 1), ('bob', 2)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 2L, "bob", 3L, "carol", 1L));
            assertEquals(List.of(new Added("carol", 1)), report.added());
            assertEquals(List.of(new Changed("alice", 1, 2), new Changed("bob", 2, 3)), report.changed());
            assertEquals(
                    List.of(new Reassignment(2, "bob", "alice"), new Reassignment(1, "alice", "carol")),
                    report.reassignments());
            assertEquals(Map.of("alice", 2L, "bob", 3L, "carol", 1L), db.uids());
        }
    }

    /** The Go service fails the whole batch here, every day, until someone edits the table. */
    @Test
    void aUidHeldByAnAccountNotRefreshedIsAConflictAndEveryOtherAccountIsWritten() {
        Path file = fileWith("('olduser', 500), ('alice', 100), ('bob', 200)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 500L, "bob", 201L, "newuser", 600L));
            Conflict conflict = new Conflict(
                    "alice", 500, "olduser", ConflictReason.HELD_BY_ACCOUNT_NOT_REFRESHED, OptionalLong.of(100));
            assertEquals(List.of(conflict), report.conflicts());
            assertEquals(List.of(new Changed("bob", 200, 201)), report.changed());
            assertEquals(List.of(new Added("newuser", 600)), report.added());
            assertEquals(Map.of("olduser", 500L, "alice", 100L, "bob", 201L, "newuser", 600L), db.uids());
            String line = conflict.describe();
            assertTrue(
                    line.contains("alice")
                            && line.contains("olduser")
                            && line.contains("500")
                            && line.contains("keeps UID 100")
                            && !line.contains("\n"),
                    line);
        }
    }

    @Test
    void anAccountWhoseMoveIsBlockedKeepsItsUidAndBlocksWhoeverWantedIt() {
        Path file = fileWith("('olduser', 2), ('alice', 1)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 2L, "carol", 1L));
            assertEquals(
                    List.of(
                            new Conflict(
                                    "alice",
                                    2,
                                    "olduser",
                                    ConflictReason.HELD_BY_ACCOUNT_NOT_REFRESHED,
                                    OptionalLong.of(1)),
                            new Conflict(
                                    "carol",
                                    1,
                                    "alice",
                                    ConflictReason.HELD_BY_REFRESHED_ACCOUNT,
                                    OptionalLong.empty())),
                    report.conflicts());
            assertEquals(Map.of("olduser", 2L, "alice", 1L), db.uids());
        }
    }

    @Test
    void aUidKeptByARefreshedAccountCannotBeTakenByAnother() {
        Path file = fileWith("('alice', 1), ('bob', 2)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 1L, "bob", 1L));
            assertEquals(List.of(new Unchanged("alice", 1)), report.unchanged());
            assertEquals(
                    List.of(new Conflict(
                            "bob", 1, "alice", ConflictReason.HELD_BY_REFRESHED_ACCOUNT, OptionalLong.of(2))),
                    report.conflicts());
            assertEquals(Map.of("alice", 1L, "bob", 2L), db.uids());
        }
    }

    /** E.g. two accounts that FERRY both answered with uid 0: which one owns it is unknown, so neither gets it. */
    @Test
    void twoAccountsGivenTheSameFreeUidAreBothConflicts() {
        Path file = fileWith("('alice', 1)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 0L, "bob", 0L, "carol", 3L));
            assertEquals(
                    List.of(
                            new Conflict(
                                    "alice",
                                    0,
                                    "bob",
                                    ConflictReason.CLAIMED_BY_ANOTHER_ACCOUNT_IN_BATCH,
                                    OptionalLong.of(1)),
                            new Conflict(
                                    "bob",
                                    0,
                                    "alice",
                                    ConflictReason.CLAIMED_BY_ANOTHER_ACCOUNT_IN_BATCH,
                                    OptionalLong.empty())),
                    report.conflicts());
            assertEquals(List.of(new Added("carol", 3)), report.added());
            assertEquals(Map.of("alice", 1L, "carol", 3L), db.uids());
        }
    }

    @Test
    void accountsNotInTheBatchAreNeverDeletedNorChanged() {
        Path file = fileWith("('gone', 7), ('failed', 8), ('alice', 9)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.upsertUids(Map.of("alice", 10L));
            db.upsertUids(Map.of());
            assertEquals(Map.of("gone", 7L, "failed", 8L, "alice", 10L), db.uids());
        }
    }

    /** v0.4-v0.7 tables have no UNIQUE on uid and may hold duplicates: the batch still goes through around them. */
    @Test
    void aLegacyTableWithDuplicateUidsStillTakesTheBatch() {
        Path file = dir.resolve("legacy.db");
        Sqlite3Cli.run(
                file,
                "PRAGMA application_id=1571300691; CREATE TABLE uids (username STRING NOT NULL PRIMARY KEY,"
                        + " uid INTEGER NOT NULL); INSERT INTO uids VALUES ('x', 5), ('y', 5), ('alice', 1);");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            UidUpsertReport report = db.upsertUids(Map.of("alice", 2L, "x", 5L, "bob", 5L));
            assertEquals(List.of(new Changed("alice", 1, 2)), report.changed());
            assertEquals(List.of(new Unchanged("x", 5)), report.unchanged());
            assertEquals(1, report.conflicts().size());
            assertEquals("bob", report.conflicts().get(0).account());
            assertEquals(Map.of("x", 5L, "y", 5L, "alice", 2L), db.uids());
        }
    }

    /** Random tables and batches: the transaction never breaks uid UNIQUE and the report accounts for every row. */
    @Test
    void randomBatchesKeepEveryInvariant() throws SQLException {
        Path file = dir.resolve("uid.db");
        Random random = new Random(20250301);
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            for (int round = 0; round < 150; round++) {
                RawSql.execute(file, "DELETE FROM uids");
                List<Integer> uids =
                        new ArrayList<>(IntStream.range(0, 12).boxed().toList());
                Collections.shuffle(uids, random);
                Map<String, Long> before = new TreeMap<>();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 6 + random.nextInt(4); i++) {
                    before.put("user" + i, (long) uids.get(i));
                    values.add("('user" + i + "', " + uids.get(i) + ")");
                }
                RawSql.execute(file, "INSERT INTO uids VALUES " + String.join(", ", values));
                Map<String, Long> batch = new TreeMap<>();
                for (int i = 0; i < 12; i++) {
                    if (random.nextInt(3) > 0) {
                        batch.put("user" + i, (long) random.nextInt(12));
                    }
                }
                UidUpsertReport report = db.upsertUids(batch);
                Map<String, Long> after = db.uids();
                String context = "round " + round + " before " + before + " batch " + batch + " report " + report;
                assertEquals(after.size(), new HashSet<>(after.values()).size(), context);
                Set<String> conflicted = new HashSet<>();
                report.conflicts().forEach(c -> conflicted.add(c.account()));
                for (String account : before.keySet()) {
                    long expected = batch.containsKey(account) && !conflicted.contains(account)
                            ? batch.get(account)
                            : before.get(account);
                    assertEquals(expected, after.get(account), account + " in " + context);
                }
                int reported = report.added().size()
                        + report.unchanged().size()
                        + report.changed().size()
                        + report.conflicts().size();
                assertEquals(batch.size(), reported, context);
                assertTrue(after.keySet().containsAll(before.keySet()), "nothing deleted: " + context);
            }
        }
    }

    @Test
    void theUidOfAnAccountIsLookedUpAsTheGoServiceDoes() {
        Path file = fileWith("('testuser', 12345)");
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(OptionalLong.of(12345), db.uid("testuser"));
            assertEquals(OptionalLong.empty(), db.uid("nonexistentuser"));
        }
        assertEquals("sql: no rows in result set", ManagedTokensDatabase.NO_ROWS_IN_RESULT_SET);
    }
}
