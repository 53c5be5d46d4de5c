package dev.managedtokens.core.config;

import java.time.Duration;

/** How often a worker retries and how long it waits between attempts. */
public record RetryPolicy(int numRetries, Duration retrySleep) {

    /** No retry; what every worker type gets when nothing (or something impossible) is configured. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO);

    public RetryPolicy {
        if (numRetries < 0) {
            throw new IllegalArgumentException("numRetries cannot be negative: " + numRetries);
        }
        if (retrySleep.isNegative()) {
            retrySleep = Duration.ZERO;
        }
    }

    /** numRetries × retrySleep: the time spent sleeping if every attempt fails. */
    public Duration totalSleep() {
        return retrySleep.multipliedBy(numRetries);
    }

    /** Whether all retries fit in the stage timeout: {@code timeout >= numRetries × retrySleep} (equality allowed). */
    public boolean fitsWithin(Duration timeout) {
        return timeout.compareTo(totalSleep()) >= 0;
    }
}
