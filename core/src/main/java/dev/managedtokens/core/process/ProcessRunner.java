package dev.managedtokens.core.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every external program of the application: argv list, explicit environment, deadline, and a kill of the
 * whole process tree when the deadline passes (condor_vault_storer's htgettoken child included).
 *
 * <p>A process-wide semaphore bounds how many programs run at once, so a thousand services on virtual threads do
 * not fork a thousand rsyncs on a small admin host. The wait for a slot counts against the command's timeout.
 */
public final class ProcessRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    private final Semaphore slots;
    private final int maxConcurrent;

    public ProcessRunner(int maxConcurrentProcesses) {
        if (maxConcurrentProcesses < 1) {
            throw new IllegalArgumentException("maxConcurrentProcesses must be at least 1, got " + maxConcurrentProcesses);
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
        try {
            if (!slots.tryAcquire(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                return new CommandResult(command, Termination.TIMED_OUT, -1, "",
                        "no free process slot within the timeout (" + maxConcurrent + " external programs already running)",
                        elapsedSince(start));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CommandResult(command, Termination.INTERRUPTED, -1, "", "", elapsedSince(start));
        }
        try {
            return runHoldingSlot(command, start, deadline);
        } finally {
            slots.release();
        }
    }

    private CommandResult runHoldingSlot(Command command, long start, long deadline) {
        List<String> argv = new ArrayList<>(command.argv());
        argv.set(0, resolveProgram(argv.get(0), command.environment().get("PATH")));
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
            return new CommandResult(command, Termination.FAILED_TO_START, -1, "", String.valueOf(e.getMessage()),
                    elapsedSince(start));
        }
        log.debug("started {} (pid {})", command.programName(), process.pid());

        // Drain both pipes while the program runs, so a chatty program never blocks on a full pipe.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Thread> pumps = new ArrayList<>();
        if (!command.interactive()) {
            pumps.add(Thread.ofVirtual().start(() -> drain(process.getInputStream(), out)));
            pumps.add(Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err)));
        }
        if (command.stdin() != null) {
            pumps.add(Thread.ofVirtual().start(() -> feed(process.getOutputStream(), command.stdin())));
        }

        Termination termination;
        try {
            long remaining = deadline - System.nanoTime();
            if (process.waitFor(Math.max(0, remaining), TimeUnit.NANOSECONDS)) {
                termination = Termination.EXITED;
            } else {
                killTree(process);
                termination = Termination.TIMED_OUT;
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            termination = Termination.INTERRUPTED;
        }
        joinPumps(pumps);
        int exit = termination == Termination.EXITED ? process.exitValue() : -1;
        return new CommandResult(command, termination, exit, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8), elapsedSince(start));
    }

    /**
     * Kills the descendants first, then the process itself, then waits for all of them: a grandchild that kept our
     * pipes open would otherwise keep the drain threads (and the caller) waiting forever.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        // Snapshot before killing anything: once the parent dies its children are re-parented and lost to us.
        process.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        // Children forked between the snapshot and the kill: look once more.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        // Only our own child is waited for. SIGKILL cannot be caught, and the JDK can only poll a re-parented
        // grandchild (counting it alive until init reaps it), which cost seconds per killed storer.
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("pid {} did not exit within 5s of SIGKILL", process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinPumps(List<Thread> pumps) {
        for (Thread t : pumps) {
            try {
                // The pipes close when the tree is dead; the bound protects against a stray grandchild that escaped.
                if (!t.join(Duration.ofSeconds(10))) {
                    log.warn("output of an external program was still open 10s after it ended; giving up reading it");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        try (in) {
            in.transferTo(sink);
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

}
