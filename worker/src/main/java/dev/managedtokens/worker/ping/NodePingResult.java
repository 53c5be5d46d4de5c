package dev.managedtokens.worker.ping;

import dev.managedtokens.worker.Failure;
import java.time.Duration;

/** One node's ping: {@code failure} is null when it answered. */
public record NodePingResult(String node, Failure failure, Duration elapsed) {

    public boolean succeeded() {
        return failure == null;
    }
}
