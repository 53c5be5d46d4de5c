package dev.managedtokens.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services, nodes and the consecutive-error counters, with the upstream test cases. */
class ErrorCountsTest {

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void createFile() {
        file = dir.resolve("uid.db");
        ManagedTokensDatabase.open(file).close();
    }

    @Test
    void servicesAreRegisteredOnceAndKeepTheirIds() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.registerServices(List.of());
            assertEquals(List.of(), db.services());
            db.registerServices(List.of("foo", "bar", "baz"));
            assertEquals(List.of("foo", "bar", "baz"), db.services());
            db.registerServices(List.of("gopher"));
            assertEquals(List.of("foo", "bar", "baz", "gopher"), db.services());
            List<List<String>> idsBefore = RawSql.rows(file, "SELECT id, name FROM services ORDER BY id");
            db.registerServices(List.of("foo", "foo"));
            assertEquals(idsBefore, RawSql.rows(file, "SELECT id, name FROM services ORDER BY id"));
        }
    }

    @Test
    void nodesAreRegisteredOnceAndKeepTheirIds() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(List.of(), db.nodes());
            db.registerNodes(List.of("foo", "bar", "baz", "bar"));
            db.registerNodes(List.of("gopher", "foo"));
            assertEquals(List.of("foo", "bar", "baz", "gopher"), db.nodes());
        }
    }

    @Test
    void setupErrorCountsAreReadAndReplacedPerService() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(OptionalInt.empty(), db.setupErrorCount("foo"));
            db.registerServices(List.of("foo", "bar", "baz", "gopher"));
            assertTrue(db.setSetupErrorCount("foo", 1));
            assertTrue(db.setSetupErrorCount("bar", 2));
            assertTrue(db.setSetupErrorCount("baz", 0));
            assertEquals(OptionalInt.of(1), db.setupErrorCount("foo"));
            assertEquals(OptionalInt.empty(), db.setupErrorCount("gopher"));
            assertTrue(db.setSetupErrorCount("gopher", 1));
            assertTrue(db.setSetupErrorCount("bar", 0));
            assertEquals(
                    List.of(1, 0, 0, 1),
                    List.of(
                            db.setupErrorCount("foo").orElseThrow(),
                            db.setupErrorCount("bar").orElseThrow(),
                            db.setupErrorCount("baz").orElseThrow(),
                            db.setupErrorCount("gopher").orElseThrow()));
            assertEquals("4", RawSql.single(file, "SELECT count(*) FROM setup_errors"));
        }
    }

    @Test
    void pushErrorCountsAreReadAndReplacedPerServiceAndNode() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            assertEquals(Map.of(), db.pushErrorCounts("foo"));
            db.registerServices(List.of("foo", "bar", "baz"));
            db.registerNodes(List.of("foonode", "foonode2", "barnode", "baznode", "baznode2"));
            db.setPushErrorCounts("foo", Map.of("foonode", 1));
            db.setPushErrorCounts("bar", Map.of("barnode", 2));
            db.setPushErrorCounts("baz", Map.of("baznode", 0, "baznode2", 1));
            assertEquals(Map.of("baznode", 0, "baznode2", 1), db.pushErrorCounts("baz"));
            assertEquals(Map.of("foonode", 1), db.pushErrorCounts("foo"));
            db.setPushErrorCounts("foo", Map.of("foonode2", 1));
            db.setPushErrorCounts("bar", Map.of("barnode", 0));
            assertEquals(Map.of("foonode", 1, "foonode2", 1), db.pushErrorCounts("foo"));
            assertEquals(Map.of("barnode", 0), db.pushErrorCounts("bar"));
            assertEquals(OptionalInt.of(1), db.pushErrorCount("foo", "foonode2"));
            assertEquals(OptionalInt.empty(), db.pushErrorCount("bar", "foonode"));
        }
    }

    /** The Go service appends a row with a NULL id for every save of an unknown name; no read ever finds it. */
    @Test
    void countsOfUnregisteredNamesAreNotWrittenAndAreReported() {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(file)) {
            db.registerServices(List.of("foo"));
            db.registerNodes(List.of("foonode"));
            assertFalse(db.setSetupErrorCount("unknown", 3));
            assertEquals(Set.of("unknownnode"), db.setPushErrorCounts("foo", Map.of("foonode", 1, "unknownnode", 2)));
            assertEquals(Set.of("foonode"), db.setPushErrorCounts("unknown", Map.of("foonode", 1)));
            assertEquals(Map.of("foonode", 1), db.pushErrorCounts("foo"));
        }
        assertEquals("0", RawSql.single(file, "SELECT count(*) FROM setup_errors"));
        assertEquals("1", RawSql.single(file, "SELECT count(*) FROM push_errors"));
        assertEquals(
                "0",
                RawSql.single(file, "SELECT count(*) FROM push_errors WHERE service_id IS NULL OR node_id IS NULL"));
    }
}
