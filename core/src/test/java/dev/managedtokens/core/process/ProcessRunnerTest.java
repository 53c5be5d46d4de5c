package dev.managedtokens.core.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    private static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin");
    private final ProcessRunner runner = new ProcessRunner(4);

    private static Command sh(String script, Duration timeout) {
        return Command.of(List.of("sh", "-c", script), ENV, timeout);
    }

    @Test
    void capturesExitCodeStdoutAndStderrSeparately() {
        CommandResult r = runner.run(sh("echo out; echo err >&2; exit 3", Duration.ofSeconds(10)));
        assertEquals(Termination.EXITED, r.termination());
        assertEquals(3, r.exitCode());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertFalse(r.succeeded());
        assertEquals("exit 3", r.describe());
    }

    @Test
    void childSeesExactlyTheGivenEnvironment() {
        CommandResult r = runner.run(
                Command.of(List.of("env"), Map.of("PATH", "/usr/bin:/bin", "ONLY_ME", "1"), Duration.ofSeconds(10)));
        assertTrue(r.succeeded());
        assertEquals(
                List.of("ONLY_ME=1", "PATH=/usr/bin:/bin"),
                r.stdout().lines().sorted().toList());
    }

    @Test
    void looksProgramsUpInTheCommandsOwnPath(@TempDir Path dir) throws Exception {
        Path tool = dir.resolve("mytool");
        Files.writeString(tool, "#!/bin/sh\necho from-bed\n");
        tool.toFile().setExecutable(true);
        CommandResult r = runner.run(
                Command.of(List.of("mytool"), Map.of("PATH", dir + ":/usr/bin:/bin"), Duration.ofSeconds(10)));
        assertEquals("from-bed\n", r.stdout());
    }

    @Test
    void missingProgramFailsToStartWithoutThrowing() {
        CommandResult r = runner.run(Command.of(List.of("/nonexistent/prog"), ENV, Duration.ofSeconds(5)));
        assertEquals(Termination.FAILED_TO_START, r.termination());
        assertTrue(r.describe().startsWith("failed to start"), r.describe());
    }

    @Test
    void feedsStdinAndClosesIt() {
        CommandResult r = runner.run(Command.of(List.of("cat"), ENV, Duration.ofSeconds(10))
                .withStdin("secret-token\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(r.succeeded());
        assertEquals("secret-token\n", r.stdout());
    }

    @Test
    void noStdinMeansEndOfInputAtOnce() {
        CommandResult r = runner.run(Command.of(List.of("cat"), ENV, Duration.ofSeconds(10)));
        assertTrue(r.succeeded(), r.describe());
    }

    @Test
    void drainsLargeOutputWhileRunning() {
        // 900 kB is far beyond a pipe buffer: without concurrent draining the child would block and time out.
        CommandResult r = runner.run(sh("head -c 900000 /dev/zero", Duration.ofSeconds(20)));
        assertTrue(r.succeeded(), r.describe());
        assertEquals(900_000, r.stdout().length());
    }

    @Test
    void keepsOnlyAHeadAndATailOfARunawayOutput() {
        // A gigabyte on stdout: all of it is read (the child is not blocked) but only the limit's worth is kept.
        CommandResult r = runner.run(
                sh("head -c 1073741824 /dev/zero | tr '\\0' a; echo THE-END; echo err >&2", Duration.ofSeconds(120))
                        .withOutputLimit(1000));
        assertTrue(r.succeeded(), r.describe());
        assertTrue(
                r.stdout().startsWith("a".repeat(1000) + "\n[... "), r.stdout().substring(0, 1100));
        assertTrue(r.stdout().endsWith("aaaTHE-END\n"));
        assertTrue(
                r.stdout().length() < 1000 + 64 * 1024 + 100,
                "kept " + r.stdout().length());
        assertTrue(r.stdout().contains("bytes of output left out"));
        assertEquals("err\n", r.stderr());
    }

    @Test
    void timeoutKillsTheWholeProcessTree(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        // The grandchild keeps stdout open, as htgettoken under condor_vault_storer would.
        CommandResult r = runner.run(sh("sleep 300 & echo $! > " + pidFile + "; wait", Duration.ofMillis(500)));
        assertEquals(Termination.TIMED_OUT, r.termination());
        assertEquals("timed out after 500ms", r.describe());
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        // SIGKILL was sent; the re-parented grandchild is gone once it is dead or a zombie waiting for init.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!deadOrZombie(pid) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(20).toNanos());
        }
        assertTrue(deadOrZombie(pid), "grandchild " + pid + " survived the timeout");
        assertTrue(r.elapsed().compareTo(Duration.ofSeconds(10)) < 0, "took " + r.elapsed());
    }

    private static boolean deadOrZombie(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) return true;
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true; // gone between the two checks
        }
    }

    @Test
    void boundsConcurrentPrograms(@TempDir Path dir) throws Exception {
        ProcessRunner two = new ProcessRunner(2);
        Path counter = dir.resolve("running");
        Files.createDirectory(counter);
        // Each program registers itself, records how many are registered, and waits until 2 are there or a deadline.
        String script = "touch " + counter + "/$$; n=$(ls " + counter + " | wc -l); echo $n;"
                + " i=0; while [ $(ls " + counter
                + " | wc -l) -lt 2 ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done;"
                + " rm " + counter + "/$$";
        AtomicInteger maxSeen = new AtomicInteger();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                CommandResult r = two.run(sh(script, Duration.ofSeconds(30)));
                maxSeen.accumulateAndGet(Integer.parseInt(r.stdout().strip()), Math::max);
            }));
        }
        for (Thread t : threads) t.join();
        assertEquals(2, maxSeen.get());
    }

    @Test
    void toStringNeverShowsEnvironmentOrStdin() {
        Command c = Command.of(List.of("cat"), Map.of("TOKEN", "hvs.secret"), Duration.ofSeconds(1))
                .withStdin("hvs.secret".getBytes(StandardCharsets.UTF_8));
        assertFalse(c.toString().contains("hvs.secret"));
    }
}
