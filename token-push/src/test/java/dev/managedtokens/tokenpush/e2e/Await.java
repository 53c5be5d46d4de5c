package dev.managedtokens.tokenpush.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, polling; the tests' only way to wait for something to happen. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    /** Returns once {@code condition} holds; fails the test naming {@code what} when it has not by {@code timeout}. */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
