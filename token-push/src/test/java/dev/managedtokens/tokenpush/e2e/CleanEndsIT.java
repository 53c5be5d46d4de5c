package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.core.scratch.ScratchNames;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a run ends when it is stopped from outside, with the shipped timeouts. SIGTERM (a service manager, kill) in
 * the middle of a storer call or of a push: the run's programs are gone, so are its credential caches, staged token
 * copies and every other scratch file, and the lock is free again only once all that is done. SIGKILL (the OOM
 * killer, a timeout's second signal) in the middle of a storer call: the guard takes the programs with the JVM, the
 * scratch files stay, and the next run removes them, says so, and succeeds.
 */
class CleanEndsIT {

    static final String STORE = "sgstore_prod";
    static final String PUSH = "sgpush_prod";
    static final String KILL = "sgkill_prod";

    /** Long enough for a loaded two-core machine; each wait ends as soon as its condition holds. */
    static final Duration WAIT = Duration.ofSeconds(90);

    static TokenPushHarness h;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "store", "push", "kill"));
        h.host.definePool("credd1.pool");
        h.host.onboard("sgstore", "prod", "store");
        h.host.onboard("sgpush", "prod", "push");
        h.host.onboard("sgkill", "prod", "kill");
        h.seedUids("store", "push", "kill");
        h.host.handStateToOperator();
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    /** The run a test holds, so that a failed test does not leave it holding the lock for the next. */
    static Held current;

    @AfterEach
    void stopTheHeldRunAndClearFaults() {
        if (current != null
                && ProcessHandle.of(current.jvm()).map(ProcessHandle::isAlive).orElse(false)) {
            signal(current.jvm(), "KILL");
            current.run()
                    .completeOnTimeout(null, WAIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
        }
        current = null;
        h.standIns.clearFailureModes();
    }

    @Test
    void sigtermWhileTheStorerHangsLeavesNoProgramNoScratchFileAndFreesTheLockLast() throws Exception {
        Path condorLocation = condorLocation(STORE);
        writeOperatorsOwn(condorLocation);
        try {
            h.standIns.setFailureMode(FailureTarget.service(STORE), FailureMode.HANG);
            Held held = holdMidStore(STORE);
            // What a storer call has out at this point, each named for the run that made it.
            assertTagged(held, h.host.tmpDir(), "managed-tokens");
            assertTagged(held, Path.of("/tmp"), "managed_tokens_condor_vault_token-" + condorLocation.getFileName());
            assertTagged(held, Path.of("/tmp"), "managed_tokens_sqlite");

            Interrupted ended = signal(held, "TERM", () -> {
                List<String> left = held.whatIsLeft(true);
                if (!"operator's own\n".equals(read(condorLocation))) left.add("the condor location not put back");
                return left;
            });

            assertEquals(
                    List.of(), ended.leftAtUnlock(), "the lock was free while the run was not done:\n" + ended.run());
            assertNotEquals(0, ended.run().exit(), ended.run().toString());
            assertEquals("operator's own\n", read(condorLocation), "the token moved aside was not put back");
            assertEquals(List.of(), held.whatIsLeft(false), ended.run().toString());
            assertNextRunSucceedsWithoutSweeping(held, STORE);
        } finally {
            Files.deleteIfExists(condorLocation);
        }
    }

    @Test
    void sigtermWhilePushingLeavesNoProgramNoScratchFileAndFreesTheLockLast() throws Exception {
        SubmitNode node = h.bed.node("node1");
        long sshd =
                Long.parseLong(Files.readString(node.dir().resolve("sshd.pid")).strip());
        h.writeConfigWithSettings(experiment(PUSH, "push"), "disableNotifications: true\n");
        Set<Path> before = ourEntries();
        Instant start = Instant.now();
        // A stopped sshd accepts nothing: ssh waits for its greeting, and the push stays under way until we act.
        signal(sshd, "STOP");
        Held held;
        Interrupted ended;
        try {
            CompletableFuture<AdminHost.LauncherRun> run = h.tokenPushInBackground();
            long jvm = jvmOf(awaitStorerCall(PUSH, start, run));
            Await.until(
                    "rsync or ssh runs under token-push (pid " + jvm + ")",
                    WAIT,
                    () -> run.isDone()
                            || descendants(jvm).stream().anyMatch(p -> commandIs(p, "ssh") || commandIs(p, "rsync")));
            if (run.isDone()) fail("the run ended before it pushed: " + TokenPushHarness.await(run, WAIT));
            held = new Held(jvm, run, before, watch(jvm, List.of()));
            current = held;
            assertTagged(held, h.host.tmpDir(), "managed-tokens");
            assertTagged(held, h.host.tmpDir(), "managed_tokens_default_role_file");
            ended = signal(held, "TERM", () -> held.whatIsLeft(true));
        } finally {
            signal(sshd, "CONT");
        }
        assertEquals(List.of(), ended.leftAtUnlock(), "the lock was free while the run was not done:\n" + ended.run());
        assertNotEquals(0, ended.run().exit(), ended.run().toString());
        assertEquals(List.of(), held.whatIsLeft(false), ended.run().toString());
        assertNextRunSucceedsWithoutSweeping(held, PUSH);
    }

    @Test
    void afterSigkillMidStoreTheProgramsAreGoneAndTheNextRunRemovesWhatWasLeft() throws Exception {
        Path condorLocation = condorLocation(KILL);
        writeOperatorsOwn(condorLocation);
        try {
            h.standIns.setFailureMode(FailureTarget.service(KILL), FailureMode.HANG);
            Held held = holdMidStore(KILL);
            List<Path> scratch = List.of(
                    assertTagged(held, h.host.tmpDir(), "managed-tokens"),
                    assertTagged(
                            held, Path.of("/tmp"), "managed_tokens_condor_vault_token-" + condorLocation.getFileName()),
                    assertTagged(held, Path.of("/tmp"), "managed_tokens_sqlite"));
            try (Stream<Path> lib = Files.list(scratch.get(2))) {
                assertTrue(
                        lib.anyMatch(p -> p.getFileName().toString().endsWith("libsqlitejdbc.so")),
                        "SQLite's native library is not in " + scratch.get(2));
            }

            signal(held.jvm(), "KILL");
            AdminHost.LauncherRun killed = TokenPushHarness.await(held.run(), WAIT);
            assertNotEquals(0, killed.exit(), killed.toString());
            assertEquals(List.of(), awaitGone(held.children()), "the guard did not take the run's programs along");
            for (Path p : scratch) {
                assertTrue(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " vanished with the killed run");
            }

            h.standIns.clearFailureModes();
            h.writeConfigWithSettings(experiment(KILL, "kill"), "disableNotifications: true\n");
            AdminHost.LauncherRun next = h.tokenPush();
            assertEquals(0, next.exit(), next.toString());
            for (Path p : scratch) {
                assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is still there after the next run");
            }
            for (Path p : List.of(scratch.get(0), scratch.get(2))) {
                assertTrue(
                        next.stderr().contains("Removed " + p + ", left by an earlier run (pid " + held.jvm() + ")"),
                        "the next run's log does not name " + p + ":\n" + next);
            }
            // The set-aside file is the operator's own: put back, as the killed call would have done, not deleted.
            assertTrue(next.stderr().contains("Put " + scratch.get(1) + " back at " + condorLocation), next.toString());
            assertEquals("operator's own\n", read(condorLocation), next.toString());
            assertTrue(next.stderr().contains("Removed 2 leftover(s) of earlier runs"), next.toString());
            assertEquals(List.of(), held.taggedEntries(), next.toString());
        } finally {
            Files.deleteIfExists(condorLocation);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * A run held in the middle of something. {@code before}: the scratch entries of ours there were before it
     * started; {@code children}: its programs, as seen when it was held.
     */
    record Held(
            long jvm, CompletableFuture<AdminHost.LauncherRun> run, Set<Path> before, List<ProcessHandle> children) {

        /** The run's programs still running and its scratch entries still there (the SQLite one if asked). */
        List<String> whatIsLeft(boolean sqliteMayStay) {
            List<String> left = new ArrayList<>();
            children.stream()
                    .filter(CleanEndsIT::running)
                    .map(p -> "program " + describe(p))
                    .forEach(left::add);
            Set<Path> now = ourEntries();
            now.removeAll(before);
            now.stream()
                    .filter(p -> !(sqliteMayStay && isSqliteDirOf(p, jvm)))
                    .map(p -> "scratch " + p)
                    .forEach(left::add);
            return left;
        }

        List<Path> taggedEntries() {
            return ourEntries().stream().filter(p -> madeBy(p, jvm)).toList();
        }
    }

    /** What a signalled run left when the lock became free, and how the run ended. */
    record Interrupted(List<String> leftAtUnlock, AdminHost.LauncherRun run) {}

    /** Starts a run of {@code service} alone and returns once its storer hangs (the HANG mode is set). */
    private static Held holdMidStore(String service) {
        h.writeConfigWithSettings(experiment(service, accountOf(service)), "disableNotifications: true\n");
        Set<Path> before = ourEntries();
        List<Long> hungBefore = h.standIns.hungProcessIds();
        Instant start = Instant.now();
        CompletableFuture<AdminHost.LauncherRun> run = h.tokenPushInBackground();
        long jvm = jvmOf(awaitStorerCall(service, start, run));
        Await.until(
                "the storer for " + service + " hangs",
                WAIT,
                () -> run.isDone() || !newHung(hungBefore).isEmpty());
        if (run.isDone()) fail("the run ended before its storer hung: " + TokenPushHarness.await(run, WAIT));
        current = new Held(jvm, run, before, watch(jvm, newHung(hungBefore)));
        return current;
    }

    /**
     * Sends {@code SIG<name>} to the run and, from this JVM, takes the run lock as a second run would, the moment
     * it is free: what of the run was left at that moment is the answer's first half.
     */
    private static Interrupted signal(Held held, String name, Supplier<List<String>> leftovers) {
        Path lockFile = h.host.dbFile().resolveSibling(h.host.dbFile().getFileName() + ".lock");
        CompletableFuture<List<String>> atUnlock = CompletableFuture.supplyAsync(
                () -> whenFree(lockFile, leftovers),
                r -> Thread.ofPlatform().daemon().start(r));
        signal(held.jvm(), name);
        AdminHost.LauncherRun run = TokenPushHarness.await(held.run(), WAIT);
        List<String> left =
                atUnlock.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        // The programs may take a moment to be reaped once the JVM has gone; anything running after that is left.
        List<String> lingering = awaitGone(held.children());
        if (!lingering.isEmpty()) fail("programs outlived the signalled run: " + lingering + "\n" + run);
        return new Interrupted(left, run);
    }

    /** Polls the lock with a non-blocking try, never holding it longer than it takes to call {@code leftovers}. */
    private static List<String> whenFree(Path lockFile, Supplier<List<String>> leftovers) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    try {
                        return leftovers.get();
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot try the run lock " + lockFile, e);
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        throw new AssertionError("the run lock " + lockFile + " was not free within " + WAIT);
    }

    /** After an interrupted run: the next run succeeds and finds nothing of the interrupted one to remove. */
    private static void assertNextRunSucceedsWithoutSweeping(Held held, String service) {
        h.standIns.clearFailureModes();
        h.writeConfigWithSettings(experiment(service, accountOf(service)), "disableNotifications: true\n");
        AdminHost.LauncherRun next = h.tokenPush();
        assertEquals(0, next.exit(), next.toString());
        assertFalse(
                next.stderr().contains("left by an earlier run (pid " + held.jvm() + ")"),
                "the interrupted run left scratch files behind:\n" + next);
    }

    /** The scratch entry of {@code base} the held run made in {@code dir}; fails when there is none. */
    private static Path assertTagged(Held held, Path dir, String base) {
        Optional<Path> found = list(dir).stream()
                .filter(p -> p.getFileName().toString().startsWith(base + ".p"))
                .filter(p -> madeBy(p, held.jvm()))
                .findFirst();
        if (found.isEmpty()) {
            fail("no " + base + " entry of the run (pid " + held.jvm() + ") in " + dir + ": " + list(dir));
        }
        return found.get();
    }

    private static boolean madeBy(Path p, long pid) {
        return ScratchNames.maker(p.getFileName().toString())
                .map(m -> m.pid() == pid)
                .orElse(false);
    }

    private static boolean isSqliteDirOf(Path p, long pid) {
        return p.getFileName().toString().startsWith("managed_tokens_sqlite.p") && madeBy(p, pid);
    }

    /** The operator's entries named as our scratch files are, in the run's TMPDIR and in /tmp. */
    static Set<Path> ourEntries() {
        Set<Path> entries = new LinkedHashSet<>();
        for (Path dir : List.of(h.host.tmpDir(), Path.of("/tmp"))) {
            for (Path p : list(dir)) {
                String name = p.getFileName().toString();
                if ((name.startsWith("managed-tokens") || name.startsWith("managed_tokens_")) && operatorOwns(p)) {
                    entries.add(p);
                }
            }
        }
        return entries;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean operatorOwns(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                    == h.bed.operator().uid();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Call awaitStorerCall(String service, Instant start, CompletableFuture<AdminHost.LauncherRun> run) {
        Supplier<Optional<Call>> call = () -> h.standIns.callLog("condor_vault_storer").stream()
                .filter(c -> c.argv().contains(service) && c.at().isAfter(start))
                .findFirst();
        Await.until(
                "the storer is called for " + service,
                WAIT,
                () -> run.isDone() || call.get().isPresent());
        if (call.get().isEmpty()) fail("no storer call for " + service + ": " + TokenPushHarness.await(run, WAIT));
        return call.get().get();
    }

    /** The storer's parent: token-push's JVM (the launcher execs it). */
    private static long jvmOf(Call storer) {
        long jvm = storer.parentPid();
        ProcessHandle p =
                ProcessHandle.of(jvm).orElseThrow(() -> new AssertionError("token-push (pid " + jvm + ") is gone"));
        assertTrue(commandIs(p, "java"), "the storer's parent is not the JVM: " + describe(p));
        return jvm;
    }

    /** The run's programs to watch: every process under the JVM now, and the hang mode's own. */
    private static List<ProcessHandle> watch(long jvm, List<Long> hung) {
        List<ProcessHandle> watched = new ArrayList<>(descendants(jvm));
        hung.forEach(pid -> ProcessHandle.of(pid).ifPresent(watched::add));
        assertFalse(watched.isEmpty(), "token-push (pid " + jvm + ") runs no program");
        return watched;
    }

    private static List<ProcessHandle> descendants(long pid) {
        return ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of());
    }

    private static List<Long> newHung(List<Long> before) {
        List<Long> now = new ArrayList<>(h.standIns.hungProcessIds());
        now.removeAll(before);
        return now;
    }

    /** Waits a bounded while for each process to end; returns those still running. */
    private static List<String> awaitGone(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Await.until(
                "the programs end",
                Duration.ofSeconds(11),
                () -> processes.stream().noneMatch(CleanEndsIT::running) || System.nanoTime() - deadline > 0);
        return processes.stream()
                .filter(CleanEndsIT::running)
                .map(CleanEndsIT::describe)
                .toList();
    }

    /** Alive and not merely waiting to be reaped: a zombie runs nothing and holds no file. */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean commandIs(ProcessHandle p, String program) {
        return p.info()
                .command()
                .map(c -> c.equals(program) || c.endsWith("/" + program))
                .orElse(false);
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " (" + p.info().commandLine().orElse("?") + ")";
    }

    private static void signal(long pid, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid))
                    .inheritIO()
                    .start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static Path condorLocation(String service) {
        return Path.of("/tmp/vt_u" + h.bed.operator().uid() + "-" + service);
    }

    /** The operator's own file at the condor location: the storer call moves it aside for its duration. */
    private static void writeOperatorsOwn(Path condorLocation) throws IOException {
        Files.deleteIfExists(condorLocation);
        Files.writeString(condorLocation, "operator's own\n");
        h.host.chownToOperator(condorLocation);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static String accountOf(String service) {
        return service.substring(2, service.indexOf('_'));
    }

    private static String experiment(String service, String account) {
        return """
                %s:
                  roles:
                    %s:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(
                        service.substring(0, service.indexOf('_')),
                        service.substring(service.indexOf('_') + 1),
                        h.host.user(account),
                        h.bed.node("node1").hostName());
    }
}
