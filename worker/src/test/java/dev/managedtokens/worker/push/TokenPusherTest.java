package dev.managedtokens.worker.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenPusherTest {

    private static final List<String> SSH_ARGS =
            List.of("-o", "ConnectTimeout=30", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30");

    // Logs its argv one per line, then fails $FAIL_TIMES times (counted in a file) before succeeding;
    // FAIL_TIMES=always never succeeds, HANG hangs.
    private static final String RSYNC = """
            echo "call KRB5CCNAME=$KRB5CCNAME" >> "$FAKE_LOG"
            for a; do echo "arg $a" >> "$FAKE_LOG"; done
            [ -n "$HANG" ] && exec sleep 30
            n=$(cat "$COUNTER" 2>/dev/null || echo 0); echo $((n + 1)) > "$COUNTER"
            if [ "$FAIL_TIMES" = always ] || [ "$n" -lt "${FAIL_TIMES:-0}" ]; then
              echo "ssh: connect to host node1 port 22: Connection refused" >&2
              echo "rsync error: unexplained error (code 255) at io.c(232)" >&2
              exit 255
            fi
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    TokenPusher pusher;
    Path source;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePrograms(dir);
        fakes.install("rsync", RSYNC);
        pusher = new TokenPusher(new ProcessRunner(4));
        source = Files.writeString(dir.resolve("vt_u1000-credd1-svc"), "hvs.token");
    }

    private PushRequest request(
            Map<String, String> env, Duration timeout, int retries, Duration sleep, boolean unpingable) {
        Map<String, String> base = new java.util.HashMap<>(env);
        base.put("COUNTER", dir.resolve("counter").toString());
        base.put("KRB5CCNAME", "FILE:/operator/cache");
        PushOptions o = new PushOptions(
                "rsync",
                "ssh",
                SSH_ARGS,
                List.of("--perms", "--chmod=u=r,go="),
                "FILE:/run/svc-cache",
                fakes.environment(base),
                timeout,
                retries,
                sleep);
        return new PushRequest(source, "dunepro", "node1.example", "/tmp/vt_u5000", unpingable, o);
    }

    private List<String> args() {
        return fakes.calls().stream()
                .filter(l -> l.startsWith("arg "))
                .map(l -> l.substring(4))
                .toList();
    }

    @Test
    void runsRsyncWithOneSshCommandTheOptionsAndTheDestination() {
        PushResult r = pusher.push(request(Map.of(), Duration.ofSeconds(10), 0, Duration.ZERO, false));

        assertNull(r.failure());
        assertEquals(
                List.of(
                        "-e",
                        "ssh -o ConnectTimeout=30 -o ServerAliveCountMax=1 -o ServerAliveInterval=30",
                        "--perms",
                        "--chmod=u=r,go=",
                        "--",
                        source.toString(),
                        "dunepro@node1.example:/tmp/vt_u5000"),
                args());
        assertEquals(
                List.of("call KRB5CCNAME=FILE:/run/svc-cache"),
                fakes.calls().stream().filter(l -> l.startsWith("call")).toList());
    }

    @Test
    void anAccountStartingWithADashIsRefusedNotReadByRsyncAsItsEOption() throws Exception {
        // Before: rsync read "-e@node1.example:/tmp/x" as -e (a new ssh command), listed the source, exited 0,
        // and the push was reported OK while nothing reached the node.
        Path sshLog = dir.resolve("ssh-args");
        Path ssh = fakes.install("fake-ssh", "echo \"$*\" >> " + sshLog + "; exit 255");
        PushOptions o = new PushOptions(
                "/usr/bin/rsync",
                ssh.toString(),
                List.of(),
                List.of(),
                null,
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(20),
                0,
                Duration.ZERO);

        PushResult r = pusher.push(new PushRequest(source, "-e", "node1.example", "/tmp/x", false, o));

        assertEquals(
                FailureKind.INVALID_REQUEST,
                r.failure() == null ? null : r.failure().kind(),
                String.valueOf(r));
        assertTrue(
                r.failure().message().contains("the account \"-e\" starts with \"-\""),
                r.failure().message());
        assertEquals(0, r.attempts());
        assertFalse(Files.exists(sshLog), "ssh must not have been run");
    }

    @Test
    void aNodeStartingWithADashIsRefusedBeforeSshCouldReadItAsAnOption() throws Exception {
        Path planted = dir.resolve("pwned");
        Path ssh = fakes.install("fake-ssh", "exit 255");
        PushOptions o = new PushOptions(
                "/usr/bin/rsync",
                ssh.toString(),
                List.of(),
                List.of(),
                null,
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(20),
                0,
                Duration.ZERO);
        String node = "-oProxyCommand=touch " + planted;

        PushResult r = pusher.push(new PushRequest(source, "dunepro", node, "/tmp/x", false, o));

        assertEquals(
                FailureKind.INVALID_REQUEST, r.failure().kind(), r.failure().message());
        assertTrue(
                r.failure().message().contains("the node \"" + node + "\" starts with \"-\""),
                r.failure().message());
        assertEquals(0, r.attempts());
        assertFalse(Files.exists(planted));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenPusher.argv(new PushRequest(source, "dunepro", node, "/tmp/x", false, o)));
    }

    @Test
    void theOperandsFollowDoubleDashSoRealRsyncReadsTheAccountAsAUser() throws Exception {
        // Validation bypassed, the "--" alone must keep an odd account an operand: real rsync hands it to ssh as
        // the argument of -l.
        Path sshLog = dir.resolve("ssh-args");
        Path ssh = fakes.install("fake-ssh", "for a; do echo \"$a\" >> " + sshLog + "; done; exit 255");
        PushOptions o = new PushOptions(
                "/usr/bin/rsync",
                ssh.toString(),
                List.of(),
                List.of("--perms"),
                null,
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(20),
                0,
                Duration.ZERO);
        PushRequest request = new PushRequest(source, "x-e", "node1.example", "/tmp/x", false, o);
        List<String> argv = TokenPusher.argv(request);
        assertEquals(
                List.of("--", source.toString(), "x-e@node1.example:/tmp/x"),
                argv.subList(argv.size() - 3, argv.size()));

        pusher.push(request);

        assertEquals(
                List.of("-l", "x-e", "node1.example"),
                Files.readAllLines(sshLog).subList(0, 3));
    }

    @Test
    void sshWordsWithSpacesOrQuotesAreQuotedForRsync() {
        assertEquals(
                "/usr/bin/ssh -o \"ProxyCommand=nc %h 22\" -o \"X=say \"\"hi\"\"\" -4",
                TokenPusher.sshCommand(
                        "/usr/bin/ssh", List.of("-o", "ProxyCommand=nc %h 22", "-o", "X=say \"hi\"", "-4")));
    }

    @Test
    void realRsyncHandsTheQuotedWordsToSshWhole() throws Exception {
        // rsync splits -e itself; this checks our quoting against the real splitter.
        Path sshLog = dir.resolve("ssh-args");
        Path ssh = fakes.install("fake-ssh", "for a; do echo \"$a\" >> " + sshLog + "; done; exit 255");
        PushOptions o = new PushOptions(
                "/usr/bin/rsync",
                ssh.toString(),
                List.of("-o", "ProxyCommand=nc %h 22", "-o", "X=it's \"quoted\""),
                List.of(),
                null,
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(20),
                0,
                Duration.ZERO);

        PushResult r = pusher.push(new PushRequest(source, "dunepro", "node1.example", "/tmp/x", false, o));

        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind());
        List<String> seen = Files.readAllLines(sshLog);
        assertEquals(
                List.of("-o", "ProxyCommand=nc %h 22", "-o", "X=it's \"quoted\"", "-l", "dunepro", "node1.example"),
                seen.subList(0, 7),
                seen.toString());
    }

    @Test
    void retriesUntilRsyncSucceeds() {
        PushResult r = pusher.push(
                request(Map.of("FAIL_TIMES", "2"), Duration.ofSeconds(20), 3, Duration.ofMillis(10), false));

        assertNull(r.failure());
        assertEquals(3, r.attempts());
    }

    @Test
    void givesUpAfterTheLastRetryWithRsyncsError() {
        PushResult r = pusher.push(
                request(Map.of("FAIL_TIMES", "always"), Duration.ofSeconds(20), 2, Duration.ofMillis(10), false));

        assertEquals(3, r.attempts());
        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind());
        String m = r.failure().message();
        assertTrue(
                m.contains("rsync command failed: exit 255")
                        && m.endsWith(": ssh: connect to host node1 port 22: " + "Connection refused"),
                m);
    }

    @Test
    void retriesNeverSleepPastTheDeadline() {
        Duration timeout = Duration.ofMillis(1000);
        long start = System.nanoTime();
        PushResult r = pusher.push(request(Map.of("FAIL_TIMES", "always"), timeout, 5, Duration.ofMillis(400), false));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // The Go service slept a full retrySleep past the deadline and then reported the deadline.
        assertTrue(elapsed.compareTo(timeout) < 0, "took " + elapsed);
        assertTrue(r.attempts() >= 2 && r.attempts() <= 3, "attempts " + r.attempts());
        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind());
        assertTrue(
                r.failure().message().contains("no time left in the push timeout"),
                r.failure().message());
    }

    @Test
    void anUnpingableNodeIsNotRetried() {
        PushResult r = pusher.push(
                request(Map.of("FAIL_TIMES", "always"), Duration.ofSeconds(20), 3, Duration.ofMillis(10), true));

        assertEquals(1, r.attempts());
        assertEquals(FailureKind.NODE_UNPINGABLE, r.failure().kind());
        assertTrue(
                r.failure()
                        .message()
                        .startsWith("failed to push file to destination node: Node node1.example was "
                                + "not pingable earlier prior to attempt to push tokens; "),
                r.failure().message());
    }

    @Test
    void aHangingPushIsKilledAtTheTimeout() {
        PushResult r =
                pusher.push(request(Map.of("HANG", "1"), Duration.ofMillis(400), 3, Duration.ofMillis(10), false));

        assertEquals(FailureKind.TIMEOUT, r.failure().kind());
        assertEquals(1, r.attempts());
        assertTrue(r.failure().message().contains("context deadline exceeded"));
    }

    @Test
    void noTimeLeftRunsNothing() {
        PushResult r = pusher.push(request(Map.of(), Duration.ZERO, 3, Duration.ZERO, false));

        assertEquals(FailureKind.TIMEOUT, r.failure().kind());
        assertEquals(0, r.attempts());
        assertEquals(List.of(), fakes.calls());
    }
}
