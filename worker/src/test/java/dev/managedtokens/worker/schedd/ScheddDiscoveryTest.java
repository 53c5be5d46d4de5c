package dev.managedtokens.worker.schedd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheddDiscoveryTest {

    // Answers per collector: "good" has two schedds, "empty" none, "slow" hangs, anything else fails.
    private static final String CONDOR_STATUS = """
            echo "condor_status $*" >> "$FAKE_LOG"
            case "$2" in
              traversal) printf 'Name = "../../../home/op/.ssh"\n\nName = "credd1.example"\n\nName = "-x"\n' ;;
              good|good2) printf 'MyType = "Scheduler"\\nName = "credd1.example"\\nMachine = "c1"\\n\\n'
                    printf 'Name = "credd2.example"\\nMyType = "Scheduler"\\n' ;;
              empty) exit 0 ;;
              slow) exec sleep 30 ;;
              *) echo "Error: communication error; cannot contact collector $2" >&2; exit 1 ;;
            esac
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    ScheddDiscovery discovery;

    @BeforeEach
    void setUp() {
        fakes = new FakePrograms(dir);
        fakes.install("condor_status", CONDOR_STATUS);
        discovery = new ScheddDiscovery(new ProcessRunner(8));
    }

    private ScheddRequest request(String collectors, String constraint) {
        return new ScheddRequest(collectors, constraint, null, fakes.environment(), Duration.ofSeconds(10));
    }

    @Test
    void parsesTheNameOfEveryAdInOrderWithoutQuotes() {
        String out = """
                MyType = "Scheduler"
                Name = "schedd_b@host2"
                Machine = "host2"

                Name = "schedd_a@host1"

                MyType = "Scheduler"

                name = unquoted
                """;
        assertEquals(List.of("schedd_b@host2", "schedd_a@host1", "unquoted"), ScheddDiscovery.parseScheddNames(out));
    }

    @Test
    void asksTheCollectorWithConstraintAndReturnsItsSchedds() {
        ScheddResult r = discovery.discover(request("good", "HasCredd =?= true"));

        assertNull(r.failure());
        assertEquals("good", r.collector());
        assertEquals(List.of("credd1.example", "credd2.example"), r.schedds());
        assertEquals(List.of("condor_status -pool good -constraint HasCredd =?= true -schedd -long"), fakes.calls());
    }

    @Test
    void omitsAnEmptyConstraint() {
        discovery.discover(request("good", ""));
        assertEquals(List.of("condor_status -pool good -schedd -long"), fakes.calls());
    }

    @Test
    void asksEachCollectorOncePerConstraint() {
        discovery.discover(request("good", "A"));
        discovery.discover(request("good", "A"));
        ScheddResult other = discovery.discover(request("good", "B"));

        assertTrue(other.succeeded());
        // The Go service keyed the cache by collector only and gave the second constraint the first one's answer.
        assertEquals(
                List.of(
                        "condor_status -pool good -constraint A -schedd -long",
                        "condor_status -pool good -constraint B -schedd -long"),
                fakes.calls());
    }

    @Test
    void servicesAskingAtOnceShareOneQuery() throws Exception {
        List<Future<ScheddResult>> all = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) all.add(threads.submit(() -> discovery.discover(request("good", ""))));
        }
        for (Future<ScheddResult> f : all)
            assertEquals(List.of("credd1.example", "credd2.example"), f.get().schedds());
        assertEquals(1, fakes.calls().size(), fakes.calls().toString());
    }

    @Test
    void triesTrimmedCollectorsInOrderUntilOneAnswers() {
        ScheddResult r = discovery.discover(request(" down.example , good ", ""));

        assertEquals("good", r.collector());
        assertEquals(
                List.of("condor_status -pool down.example -schedd -long", "condor_status -pool good -schedd -long"),
                fakes.calls());
    }

    @Test
    void aCollectorWithNoScheddIsAnErrorAndTheNextOneIsTried() {
        ScheddResult alone = discovery.discover(request("empty", "Owner == 1"));
        assertEquals(FailureKind.NO_SCHEDDS, alone.failure().kind());
        assertTrue(
                alone.failure()
                        .message()
                        .contains("empty: the collector answered with no schedd matching constraint " + "Owner == 1"),
                alone.failure().message());

        ScheddResult withFallback = discovery.discover(request("empty,good2", "Owner == 1"));
        assertEquals("good2", withFallback.collector());
    }

    @Test
    void everyCollectorFailingGivesEachReason() {
        ScheddResult r = discovery.discover(request("down1,down2", ""));

        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind());
        String m = r.failure().message();
        assertTrue(
                m.startsWith("could not retrieve schedds from configured collectors: down1: condor_status failed "
                        + "(exit 1): Error: communication error; cannot contact collector down1"),
                m);
        assertTrue(m.contains("; down2: condor_status failed (exit 1)"), m);
        assertTrue(r.schedds().isEmpty());
    }

    @Test
    void aHangingCollectorTimesOut() {
        long start = System.nanoTime();
        ScheddResult r =
                discovery.discover(new ScheddRequest("slow", "", null, fakes.environment(), Duration.ofMillis(300)));

        assertEquals(FailureKind.TIMEOUT, r.failure().kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }

    @Test
    void noCollectorIsAnError() {
        ScheddResult r = discovery.discover(request(" , ", ""));
        assertEquals(FailureKind.INVALID_REQUEST, r.failure().kind());
        assertTrue(r.failure().message().startsWith("no collector hosts found"));
        assertEquals(List.of(), fakes.calls());
    }

    @Test
    void aCreddOverrideIsUsedWholeWithTheFirstCollectorAndNothingRuns() {
        ScheddResult r = discovery.discover(
                new ScheddRequest("c1 ,c2", null, "credd-a,credd-b", Map.of(), Duration.ofSeconds(1)));

        assertEquals("c1", r.collector());
        assertEquals(List.of("credd-a,credd-b"), r.schedds());
        assertEquals(List.of(), fakes.calls());
    }

    @Test
    void aScheddNameThatCouldNotBeOneFileNameIsSkipped() {
        // The name becomes part of vt_u<uid>-<credd>-<service>: "../" in it would put the token elsewhere.
        ScheddResult r = discovery.discover(request("traversal", ""));
        assertNull(r.failure());
        assertEquals(List.of("credd1.example"), r.schedds());
    }

    @Test
    void aCreddOverrideThatCouldNotBeOneFileNameIsRefused() {
        ScheddResult r = discovery.discover(new ScheddRequest("c1", null, "../x", Map.of(), Duration.ofSeconds(1)));
        assertEquals(FailureKind.INVALID_REQUEST, r.failure().kind());
        assertTrue(
                r.failure().message().contains("fix condorCreddHost"),
                r.failure().message());
    }
}
