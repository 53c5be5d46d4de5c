package dev.managedtokens.testbed.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A long-running program kept as a direct child of this JVM (never daemonised: nothing here reaps orphans), its
 * stdout and stderr appended to a log file in the bed. Stopping it ends its descendants first, so they are reaped by
 * their own parent instead of becoming zombies, then the daemon itself, and waits for it.
 */
public final class Daemon {

    private static final Duration GRACE = Duration.ofSeconds(5);

    /**
     * Every daemon runs under {@code setpriv --pdeathsig TERM}, so it ends even when this JVM is killed with
     * SIGKILL and no shutdown hook runs. The kernel sends that signal when the <em>thread</em> that spawned the
     * child ends, so all daemons are spawned by this one platform thread, which lives as long as the JVM.
     */
    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "testbed-daemon-spawner");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final Process process;
    private final Path log;

    private Daemon(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code argv} with exactly {@code environment}; stdin is /dev/null. */
    public static Daemon start(String name, List<String> argv, Map<String, String> environment, Path log) {
        List<String> guarded = new ArrayList<>(List.of("/usr/bin/setpriv", "--pdeathsig", "TERM", "--"));
        guarded.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(guarded);
        pb.environment().clear();
        pb.environment().putAll(environment);
        // Marks the process as the bed's (the log is in the bed's directory), so a sweep after a crash finds it.
        pb.environment().put("MANAGED_TOKENS_TESTBED_LOG", log.toString());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectErrorStream(true);
        try {
            // submit() keeps any exception in the Future, so the spawner thread itself never dies.
            return new Daemon(name, SPAWNER.submit(pb::start).get(), log);
        } catch (ExecutionException e) {
            throw new TestbedException(
                    "cannot start " + name + " (" + argv.get(0) + "): "
                            + e.getCause().getMessage() + "; check that the package providing it is installed",
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted while starting " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Repeats {@code check} until it passes. Fails at once if the daemon exits, or when the timeout passes; either
     * failure carries the end of the daemon's log.
     */
    public void awaitReady(ReadinessCheck check, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new TestbedException(name + " exited with status " + process.exitValue()
                        + " before it was ready (" + check.description() + "); its log " + log + " ends with: "
                        + logTail());
            }
            if (check.ready()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                stop();
                throw new TestbedException(name + " was not ready within " + timeout.toMillis() + " ms ("
                        + check.description() + "); its log " + log + " ends with: " + logTail());
            }
            // Waiting on the exit doubles as the poll interval and wakes us as soon as the daemon dies.
            waitForExit(process.toHandle(), Duration.ofMillis(20));
        }
    }

    /** Ends the daemon's descendants, then the daemon (SIGTERM, SIGKILL after a grace period), and waits for it. */
    public synchronized void stop() {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : descendants) {
            if (!waitForExit(h, GRACE)) {
                h.destroyForcibly();
                waitForExit(h, GRACE);
            }
        }
        process.destroy();
        if (!waitForExit(process.toHandle(), GRACE)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestbedException(name + " (pid " + process.pid() + ") survived SIGKILL for "
                        + GRACE.toSeconds() + " s; kill it by hand");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException(
                    "interrupted while waiting for " + name + " (pid " + process.pid() + ") to exit", e);
        }
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    /** The last 2 KB of the log, on one line. */
    public String logTail() {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - 2048);
            byte[] bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
            String tail = new String(bytes, StandardCharsets.UTF_8).strip().replace('\n', '|');
            return tail.isEmpty() ? "(empty)" : tail;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
