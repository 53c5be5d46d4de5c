package dev.managedtokens.notify.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.db.ManagedTokensDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceErrorCountsTest {

    @TempDir
    Path dir;

    private ManagedTokensDatabase db;

    @BeforeEach
    void openDatabase() {
        db = ManagedTokensDatabase.open(dir.resolve("uid.db"));
        db.registerServices(List.of("service1", "service2"));
        db.registerNodes(List.of("node1", "node2", "node3"));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    private ServiceErrorCounts load(String service, int threshold) {
        return ServiceErrorCounts.load(Optional.of(db), service, threshold);
    }

    @Test
    void withThresholdThreeEveryThirdSetupErrorPassesAndTheCountRestarts() {
        List<Boolean> passed = new java.util.ArrayList<>();
        List<Integer> stored = new java.util.ArrayList<>();
        for (int run = 0; run < 6; run++) {
            ServiceErrorCounts counts = load("service1", 3);
            passed.add(counts.countSetupError());
            counts.save();
            stored.add(db.setupErrorCount("service1").orElse(-1));
        }
        assertEquals(List.of(false, false, true, false, false, true), passed);
        assertEquals(List.of(1, 2, 0, 1, 2, 0), stored);
    }

    /** The gauges mirror the database, as the Go service pushes them: 0 once the message went out. */
    @Test
    void theGaugeReadsWhatIsStoredSoZeroAfterTheMessageWentOut() {
        db.setSetupErrorCount("service1", 1);
        db.setPushErrorCounts("service1", Map.of("node1", 2));
        ServiceErrorCounts counts = load("service1", 3);
        assertFalse(counts.countSetupError());
        assertEquals(OptionalInt.of(2), counts.setupGauge(), "below the threshold: the new count");
        assertTrue(counts.countSetupError());
        assertTrue(counts.countPushError("node1"));
        assertEquals(OptionalInt.of(0), counts.setupGauge(), "the message went out and the count restarted");
        assertEquals(Map.of("node1", 0), counts.pushGauges());
        counts.save();
        assertEquals(OptionalInt.of(0), db.setupErrorCount("service1"));
        assertEquals(Map.of("node1", 0), db.pushErrorCounts("service1"));
    }

    @Test
    void theFirstPushErrorOnANewNodeCountsAsOne() {
        // The Go service never let the first error on a node without a row through; here T = 1 sends it.
        ServiceErrorCounts counts = load("service1", 1);
        assertTrue(counts.countPushError("node1"));
        assertEquals(Map.of("node1", 0), counts.pushGauges());
        counts.save();
        assertEquals(Map.of("node1", 0), db.pushErrorCounts("service1"));
    }

    @Test
    void pushErrorsAreCountedPerNodeAndOtherNodesAreUntouchedUntilSaved() {
        db.setPushErrorCounts("service1", Map.of("node1", 2, "node2", 1));
        ServiceErrorCounts counts = load("service1", 3);
        assertTrue(counts.countPushError("node1"));
        assertFalse(counts.countPushError("node3"));
        counts.save();
        // node1 reached 3 and restarted; node2 had no error this run, so it is considered fixed; node3 is new.
        assertEquals(Map.of("node1", 0, "node2", 0, "node3", 1), db.pushErrorCounts("service1"));
    }

    @Test
    void savingWritesChangedCountsAndZeroesUnchangedNonZeroOnes() {
        db.setSetupErrorCount("service1", 42);
        db.setPushErrorCounts("service1", Map.of("node1", 42));
        db.setSetupErrorCount("service2", 84);
        db.setPushErrorCounts("service2", Map.of("node1", 54, "node3", 86));

        ServiceErrorCounts service2 = load("service2", 100);
        assertFalse(service2.countSetupError());
        assertFalse(service2.countPushError("node1"));
        service2.save();

        assertEquals(OptionalInt.of(85), db.setupErrorCount("service2"));
        assertEquals(Map.of("node1", 55, "node3", 0), db.pushErrorCounts("service2"));
        assertEquals(OptionalInt.of(42), db.setupErrorCount("service1"));
        assertEquals(Map.of("node1", 42), db.pushErrorCounts("service1"));
    }

    @Test
    void aServiceWithoutErrorsHasItsCountsResetAndZeroCountsAreNotWritten() {
        db.setSetupErrorCount("service1", 2);
        db.setPushErrorCounts("service1", Map.of("node1", 1, "node2", 0));
        load("service1", 3).save();
        assertEquals(OptionalInt.of(0), db.setupErrorCount("service1"));
        assertEquals(Map.of("node1", 0, "node2", 0), db.pushErrorCounts("service1"));
        load("service2", 3).save();
        assertEquals(OptionalInt.empty(), db.setupErrorCount("service2"));
    }

    @Test
    void unregisteredServiceAndNodeAreRegisteredSoTheirCountsAccumulate() {
        for (int run = 0; run < 2; run++) {
            ServiceErrorCounts counts = load("newexp_production", 3);
            assertFalse(counts.countSetupError());
            assertFalse(counts.countPushError("newnode"));
            counts.save();
        }
        assertEquals(OptionalInt.of(2), db.setupErrorCount("newexp_production"));
        assertEquals(Map.of("newnode", 2), db.pushErrorCounts("newexp_production"));
        ServiceErrorCounts third = load("newexp_production", 3);
        assertTrue(third.countSetupError());
        assertTrue(third.countPushError("newnode"));
    }

    @Test
    void withoutADatabaseEveryErrorPassesAndNothingIsSaved() {
        ServiceErrorCounts counts = ServiceErrorCounts.load(Optional.empty(), "service1", 3);
        assertFalse(counts.counting());
        assertTrue(counts.countSetupError());
        assertTrue(counts.countPushError("node1"));
        assertEquals(OptionalInt.empty(), counts.setupGauge());
        counts.save();
        assertEquals(OptionalInt.empty(), db.setupErrorCount("service1"));
    }

    @Test
    void aDatabaseThatCannotBeReadTurnsCountingOffWithAProblem() {
        ManagedTokensDatabase closed = ManagedTokensDatabase.open(dir.resolve("other.db"));
        closed.close();
        ServiceErrorCounts counts = ServiceErrorCounts.load(Optional.of(closed), "service1", 3);
        assertFalse(counts.counting());
        assertTrue(counts.countSetupError());
        assertEquals(1, counts.problems().size());
        assertTrue(
                counts.problems().get(0).contains("Will not track errors"),
                counts.problems().get(0));
    }

    @Test
    void aFailedSaveIsAProblemNotAnException() {
        ServiceErrorCounts counts = load("service1", 3);
        counts.countSetupError();
        db.close();
        counts.save();
        assertEquals(1, counts.problems().size());
        assertTrue(
                counts.problems().get(0).startsWith("Error saving new error counts for service1"),
                counts.problems().get(0));
        db = ManagedTokensDatabase.open(dir.resolve("uid.db"));
    }
}
