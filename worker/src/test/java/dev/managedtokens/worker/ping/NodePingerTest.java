package dev.managedtokens.worker.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePingerTest {

    // The node is the last argument. "down" fails, "slow" hangs; with $BARRIER set, every ping waits until
    // $BARRIER_COUNT pings have started, which only happens when they run at the same time.
    private static final String PING = """
            for node; do :; done
            echo "ping $*" >> "$FAKE_LOG"
            if [ -n "$BARRIER" ]; then
              touch "$BARRIER/$node"
              while [ "$(ls "$BARRIER" | wc -l)" -lt "$BARRIER_COUNT" ]; do sleep 0.02; done
            fi
            case "$node" in
              down*) echo "PING $node: 1 packets transmitted, 0 received, 100% packet loss"; exit 1 ;;
              slow*) exec sleep 30 ;;
            esac
            echo "64 bytes from $node: icmp_seq=1 ttl=64 time=0.05 ms"
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    NodePinger pinger;

    @BeforeEach
    void setUp() {
        fakes = new FakePrograms(dir);
        fakes.install("ping", PING);
        pinger = new NodePinger(new ProcessRunner(8));
    }

    @Test
    void pingsEachNodeWithTheMergedArgumentsThenTheNode() {
        PingResult r = pinger.ping(new PingRequest(
                "svc",
                List.of("node1"),
                List.of("-W", "5", "-c", "1", "-4"),
                fakes.environment(),
                Duration.ofSeconds(10)));

        assertTrue(r.succeeded());
        assertEquals(List.of("ping -W 5 -c 1 -4 -- node1"), fakes.calls());
    }

    @Test
    void aNodeStartingWithADashIsAHostNameToRealPingNotAnOption() {
        // Before: "ping -W 1 -c 1 -V" printed ping's version and exited 0, so the node counted as up.
        PingResult r = pinger.ping(new PingRequest(
                "svc",
                List.of("-V"),
                List.of("-W", "1", "-c", "1"),
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(10)));

        assertEquals(
                List.of("ping", "-W", "1", "-c", "1", "--", "-V"),
                NodePinger.argv(List.of("-W", "1", "-c", "1"), "-V"));
        assertFalse(r.succeeded(), r.toString());
        assertEquals(FailureKind.COMMAND_FAILED, r.nodes().get(0).failure().kind());
    }

    @Test
    void allNodesArePingedAtOnce() throws Exception {
        Path barrier = Files.createDirectory(dir.resolve("barrier"));
        List<String> nodes = List.of("n1", "n2", "n3", "n4");
        PingResult r = pinger.ping(new PingRequest(
                "svc",
                nodes,
                List.of("-W", "5", "-c", "1"),
                fakes.environment(Map.of("BARRIER", barrier.toString(), "BARRIER_COUNT", "4")),
                Duration.ofSeconds(20)));

        assertTrue(r.succeeded(), r.toString());
        assertEquals(nodes, r.nodes().stream().map(NodePingResult::node).toList(), "results in request order");
    }

    @Test
    void aNodeThatDoesNotAnswerIsUnpingableAndTheOthersAreNot() {
        long start = System.nanoTime();
        PingResult r = pinger.ping(new PingRequest(
                "svc",
                List.of("down1", "ok1", "slow1"),
                List.of("-W", "5", "-c", "1"),
                fakes.environment(),
                Duration.ofMillis(700)));

        assertFalse(r.succeeded());
        assertEquals(List.of("down1", "slow1"), r.unpingableNodes());
        assertEquals(FailureKind.COMMAND_FAILED, r.nodes().get(0).failure().kind());
        assertTrue(
                r.nodes().get(0).failure().message().contains("100% packet loss"),
                r.nodes().get(0).failure().message());
        assertEquals(FailureKind.TIMEOUT, r.nodes().get(2).failure().kind());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0,
                "one timeout for the whole service");
    }

    @Test
    void anExpiredTimeoutFailsEveryNodeWithoutRunningPing() {
        PingResult r =
                pinger.ping(new PingRequest("svc", List.of("n1", "n2"), List.of(), fakes.environment(), Duration.ZERO));

        assertEquals(List.of("n1", "n2"), r.unpingableNodes());
        for (NodePingResult n : r.nodes()) {
            assertEquals(FailureKind.TIMEOUT, n.failure().kind());
            assertTrue(n.failure().message().contains("context deadline exceeded"));
        }
        assertEquals(List.of(), fakes.calls());
    }
}
