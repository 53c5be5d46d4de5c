package dev.managedtokens.core.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every external program of the application: argv list, explicit environment, deadline, and a kill of the
 * whole process tree when the deadline passes (condor_vault_storer's htgettoken child included).
 *
 * <p>Deadlines hold whatever the callers' threads are doing: the children's output is drained on platform threads
 * (a virtual thread blocked in a pipe read pins its carrier, and on a small host the caller's timed wait then never
 * resumes), and each deadline is enforced by a platform-thread watchdog that kills the tree. See
 * {@code docs/process-runner-api.md}.
 *
 * <p>A process-wide semaphore bounds how many programs run at once, so a thousand services on virtual threads do
 * not fork a thousand rsyncs on a small admin host. The wait for a slot counts against the command's timeout.
 *
 * <p>{@link #cancel} (token-push's SIGTERM handler) kills every running tree and refuses new commands; {@link #close}
 * releases the process-group guard, which kills any group still alive.
 */
public final class ProcessRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    /** How long after SIGKILL we wait for our own child; past that the result is returned anyway. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** How long the output drains may take after the child ended (a grandchild that escaped may hold a pipe). */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);

    private static final ExecutorService IO = Executors.newCachedThreadPool(platformDaemons("process-io"));
    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(platformDaemons("process-watchdog"));

    private final Semaphore slots;
    private final int maxConcurrent;
    private final Set<Execution> running = ConcurrentHashMap.newKeySet();
    private volatile String cancelledBecause;
    private volatile ProcessGroupGuard guard;
    private boolean guardTried;

    private final boolean guardChildren;

    /** A runner whose children die with us only while we live (tests, the testbed, short read-only commands). */
    public ProcessRunner(int maxConcurrentProcesses) {
        this(maxConcurrentProcesses, false);
    }

    /**
     * @param guardChildren put each child in a process group of its own, killed by a guard shell should this JVM die
     *                      (a run of token-push); close the runner at the end of the run to end the guard
     */
    public ProcessRunner(int maxConcurrentProcesses, boolean guardChildren) {
        this.guardChildren = guardChildren;
        if (maxConcurrentProcesses < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrentProcesses must be at least 1, got " + maxConcurrentProcesses);
        }
        this.maxConcurrent = maxConcurrentProcesses;
        this.slots = new Semaphore(maxConcurrentProcesses, true);
    }

    public int maxConcurrentProcesses() {
        return maxConcurrent;
    }

    /** Runs the command to its end or its deadline. Never throws for a program that fails. */
    public CommandResult run(Command command) {
        long start = System.nanoTime();
        long deadline = start + command.timeout().toNanos();
        if (cancelledBecause != null) {
            return new CommandResult(command, Termination.INTERRUPTED, -1, "", cancelledBecause, elapsedSince(start));
        }
        try {
            if (!slots.tryAcquire(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return new CommandResult(
                        command,
                        Termination.TIMED_OUT,
                        -1,
                        "",
                        "no free process slot within the timeout (" + maxConcurrent
                                + " external programs already running)",
                        elapsedSince(start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(command, Termination.INTERRUPTED, -1, "", "", elapsedSince(start));
        }
        try {
            if (cancelledBecause != null) {
                return new CommandResult(
                        command, Termination.INTERRUPTED, -1, "", cancelledBecause, elapsedSince(start));
            }
            return runHoldingSlot(command, start, deadline);
        } finally {
            slots.release();
        }
    }

    /**
     * Kills every program running now, with its tree, and makes every later {@link #run} return
     * {@link Termination#INTERRUPTED} at once. For a run that is being stopped (SIGTERM, SIGINT).
     */
    public void cancel(String reason) {
        cancelledBecause = reason;
        for (Execution e : running) {
            e.kill(Termination.INTERRUPTED);
        }
    }

    /** How many programs are running now. */
    public int running() {
        return running.size();
    }

    /** Ends the process-group guard; it kills whatever group of ours is still alive. */
    @Override
    public void close() {
        ProcessGroupGuard g = guard;
        if (g != null) g.close();
    }

    private CommandResult runHoldingSlot(Command command, long start, long deadline) {
        String path = command.environment().get("PATH");
        String program = resolveProgram(command.argv().get(0), path != null ? path : System.getenv("PATH"));
        if (!Files.isRegularFile(Path.of(program)) || !Files.isExecutable(Path.of(program))) {
            return new CommandResult(
                    command,
                    Termination.FAILED_TO_START,
                    -1,
                    "",
                    "Cannot run program \"" + command.argv().get(0) + "\": no executable file of that name"
                            + (program.contains("/")
                                    ? ""
                                    : " in PATH " + command.environment().get("PATH")),
                    elapsedSince(start));
        }
        ProcessGroupGuard groups = command.interactive() ? null : guard();
        List<String> argv = new ArrayList<>();
        if (groups != null) {
            // The program leads a process group of its own, which the guard kills should we die.
            argv.add(ProcessGroupGuard.SETSID.toString());
            argv.add("--");
        }
        argv.add(program);
        argv.addAll(command.argv().subList(1, command.argv().size()));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(command.environment());
        if (command.workingDirectory() != null) {
            pb.directory(command.workingDirectory().toFile());
        }
        if (command.interactive()) {
            pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        if (command.stdin() == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }

        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new CommandResult(
                    command, Termination.FAILED_TO_START, -1, "", String.valueOf(e.getMessage()), elapsedSince(start));
        }
        Execution execution = new Execution(process, groups);
        if (groups != null) groups.started(process.pid());
        running.add(execution);
        log.debug("started {} (pid {})", command.programName(), process.pid());
        try {
            return await(command, execution, start, deadline);
        } finally {
            running.remove(execution);
            if (groups != null) groups.ended(process.pid());
        }
    }

    private CommandResult await(Command command, Execution execution, long start, long deadline) {
        Process process = execution.process;
        // Drains on platform threads, so a chatty program never blocks on a full pipe and no carrier is pinned.
        BoundedCapture out = new BoundedCapture(command.outputLimit());
        BoundedCapture err = new BoundedCapture(command.outputLimit());
        List<Future<?>> pumps = new ArrayList<>();
        if (!command.interactive()) {
            pumps.add(IO.submit(() -> drain(process.getInputStream(), out)));
            pumps.add(IO.submit(() -> drain(process.getErrorStream(), err)));
        }
        if (command.stdin() != null) {
            pumps.add(IO.submit(() -> feed(process.getOutputStream(), command.stdin())));
        }
        // The deadline is the watchdog's to enforce; if this thread never runs again, the tree still dies on time.
        ScheduledFuture<?> alarm = WATCHDOG.schedule(
                () -> execution.kill(Termination.TIMED_OUT),
                Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        boolean exited;
        try {
            long bound = deadline - System.nanoTime() + KILL_GRACE.toNanos();
            exited = process.waitFor(Math.max(0, bound), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            execution.kill(Termination.INTERRUPTED);
            Thread.currentThread().interrupt();
            exited = !process.isAlive();
        } finally {
            alarm.cancel(false);
        }
        if (!exited) {
            execution.kill(Termination.TIMED_OUT);
            log.warn(
                    "pid {} ({}) was still alive {} after its deadline and SIGKILL",
                    process.pid(),
                    command.programName(),
                    KILL_GRACE);
        }
        joinPumps(pumps);
        Termination killedAs = execution.killedAs.get();
        Termination termination = killedAs != null ? killedAs : Termination.EXITED;
        int exit = termination == Termination.EXITED && !process.isAlive() ? process.exitValue() : -1;
        String stderr = err.text();
        if (termination == Termination.INTERRUPTED && cancelledBecause != null && stderr.isEmpty()) {
            stderr = cancelledBecause;
        }
        return new CommandResult(command, termination, exit, out.text(), stderr, elapsedSince(start));
    }

    private synchronized ProcessGroupGuard guard() {
        if (!guardTried) {
            guardTried = true;
            if (!guardChildren) return null;
            guard = ProcessGroupGuard.startIfSupported();
        }
        return guard;
    }

    /** One running child; the first kill decides how its result reads. */
    private static final class Execution {
        final Process process;
        final ProcessGroupGuard groups;
        final AtomicReference<Termination> killedAs = new AtomicReference<>();

        Execution(Process process, ProcessGroupGuard groups) {
            this.process = process;
            this.groups = groups;
        }

        void kill(Termination why) {
            if (!process.isAlive() && killedAs.get() == null) return;
            if (killedAs.compareAndSet(null, why)) {
                killTree(process, groups);
            }
        }
    }

    /**
     * Kills the descendants first, then the process itself, then its process group, then waits for our own child:
     * a grandchild that kept our pipes open would otherwise keep the drains waiting.
     */
    static void killTree(Process process, ProcessGroupGuard groups) {
        List<ProcessHandle> tree = new ArrayList<>();
        // Snapshot before killing anything: once the parent dies its children are re-parented and lost to us.
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        // Children forked between the snapshot and the kill: look once more, and kill the group they share.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (groups != null) groups.kill(process.pid());
        // Only our own child is waited for. The JDK can only poll a re-parented grandchild (counting it alive until
        // init reaps it), which cost seconds per killed storer.
        try {
            if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("pid {} did not exit within {} of SIGKILL", process.pid(), KILL_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinPumps(List<Future<?>> pumps) {
        long until = System.nanoTime() + DRAIN_GRACE.toNanos();
        for (Future<?> f : pumps) {
            try {
                f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.warn(
                        "output of an external program was still open {} after it ended; giving up reading it",
                        DRAIN_GRACE);
                f.cancel(true);
            } catch (ExecutionException e) {
                log.debug("an output drain failed: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void drain(InputStream in, BoundedCapture sink) {
        byte[] buf = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                sink.write(buf, 0, n);
            }
        } catch (IOException e) {
            // The stream closes under us when the tree is killed; what was read so far is kept.
        }
    }

    private static void feed(OutputStream stdin, byte[] bytes) {
        try (stdin) {
            stdin.write(bytes);
        } catch (IOException e) {
            // The program may exit without reading its input; that is its business.
        }
    }

    /** ProcessBuilder looks programs up in our own PATH; a command must use the PATH of its own environment. */
    static String resolveProgram(String program, String path) {
        if (program.contains("/") || path == null) {
            return program;
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static ThreadFactory platformDaemons(String name) {
        return Thread.ofPlatform().name(name + "-", 0).daemon(true).factory();
    }
}
