package dev.managedtokens.core.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes our children die with us, however we die. Every non-interactive child is started as the leader of a
 * process group of its own ({@code setsid}), and a small shell started once per runner keeps the list of those
 * groups, read from a pipe we hold. When our JVM ends, even by SIGKILL, the kernel closes the pipe; the shell reads
 * end-of-file and kills every group still listed, grandchildren included (htgettoken under the storer, ssh under
 * rsync). A parent-death signal would not do: it reaches only the direct child, and it fires when the thread that
 * forked the child ends, not the process.
 *
 * <p>Protocol, one line each: {@code +PGID} a group started, {@code -PGID} its leader ended (what is left of the group
 * is killed and the group forgotten), {@code !PGID} kill the group now (deadline or cancellation).
 */
final class ProcessGroupGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessGroupGuard.class);

    static final Path SETSID = Path.of("/usr/bin/setsid");

    /** How long {@link #close} waits for the guard to kill what is left and exit: a few kill(2) calls. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    private static final Path BASH = Path.of("/bin/bash");

    private static final String SCRIPT = """
            trap '' INT TERM HUP PIPE
            declare -A groups
            while IFS= read -r line; do
              case $line in
                +*) groups[${line:1}]=1 ;;
                -*) kill -KILL -- "-${line:1}" 2>/dev/null; unset "groups[${line:1}]" ;;
                !*) kill -KILL -- "-${line:1}" 2>/dev/null ;;
              esac
            done
            for g in "${!groups[@]}"; do kill -KILL -- "-$g" 2>/dev/null; done
            """;

    private final Process shell;
    private final OutputStream pipe;
    private boolean broken;

    private ProcessGroupGuard(Process shell) {
        this.shell = shell;
        this.pipe = shell.getOutputStream();
    }

    /** A guard, or none where this host lacks {@code setsid} or bash (children then are only killed by us alive). */
    static ProcessGroupGuard startIfSupported() {
        if (!Files.isExecutable(SETSID) || !Files.isExecutable(BASH)) {
            log.debug("{} or {} missing: children are not put in process groups of their own", SETSID, BASH);
            return null;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(SETSID.toString(), BASH.toString(), "-c", SCRIPT));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/bin:/bin");
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            return new ProcessGroupGuard(pb.start());
        } catch (IOException e) {
            log.warn(
                    "could not start the process-group guard ({}); children killed only while token-push lives",
                    e.getMessage());
            return null;
        }
    }

    void started(long pgid) {
        send("+" + pgid);
    }

    void ended(long pgid) {
        send("-" + pgid);
    }

    void kill(long pgid) {
        send("!" + pgid);
    }

    private synchronized void send(String line) {
        if (broken) return;
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            pipe.flush();
        } catch (IOException e) {
            broken = true;
            log.warn(
                    "the process-group guard (pid {}) is gone: {}; children killed only while token-push lives",
                    shell.pid(),
                    e.getMessage());
        }
    }

    /**
     * Closing the pipe makes the guard kill whatever is still listed and exit; waits (briefly) for that, so that
     * when token-push then releases its run lock, no program of this run is left for the next run to meet.
     */
    @Override
    public synchronized void close() {
        try {
            pipe.close();
        } catch (IOException e) {
            // Already gone: nothing to tell it.
        }
        broken = true;
        // The run's thread may carry an interrupt (SIGTERM): wait anyway, then leave the flag as it was.
        boolean interrupted = Thread.interrupted();
        long until = System.nanoTime() + EXIT_GRACE.toNanos();
        try {
            while (shell.isAlive() && System.nanoTime() - until < 0) {
                try {
                    shell.waitFor(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (shell.isAlive())
                log.warn("the process-group guard (pid {}) did not exit within {}", shell.pid(), EXIT_GRACE);
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
