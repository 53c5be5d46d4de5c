package dev.managedtokens.worker;

import java.time.Duration;

/** A point in time fixed when a unit of work starts; every program of that unit gets only what is left of it. */
public record Deadline(long nanoTime, Duration budget) {

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + Math.max(0, budget.toNanos()), budget);
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, nanoTime - System.nanoTime()));
    }

    public boolean expired() {
        return nanoTime - System.nanoTime() <= 0;
    }
}
