package dev.managedtokens.tokenpush.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM while a run is under way. The JVM runs its shutdown hooks and then halts, whatever its
 * threads are doing; without this, a storer call would be cut off between staging a token and putting things back.
 * The hook interrupts the run's thread, which interrupts every service pipeline; each kills its running program
 * with its children, restores the files it staged, and starts nothing new. The hook waits for that, up to a grace
 * period, before letting the JVM halt.
 *
 * <p>During onboarding the terminal sends SIGINT to the whole foreground process group, so the storer and
 * htgettoken (which restores the default SIGINT action) end by themselves as well; the interruption covers the
 * case where only token-push is signalled.
 */
public final class ShutdownCancellation implements AutoCloseable {

    /** How long the hook waits for the run to unwind: enough to kill a process tree and move a few files. */
    public static final Duration GRACE = Duration.ofSeconds(15);

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownCancellation(Thread runThread, Duration grace) {
        this.hook = new Thread(
                () -> {
                    runThread.interrupt();
                    try {
                        done.await(grace.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "token-push-cancel");
    }

    /** Installs the hook for a run on {@code runThread}; close it when the run has ended. */
    public static ShutdownCancellation install(Thread runThread) {
        ShutdownCancellation c = new ShutdownCancellation(runThread, GRACE);
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running and now sees the run has ended.
        }
    }
}
