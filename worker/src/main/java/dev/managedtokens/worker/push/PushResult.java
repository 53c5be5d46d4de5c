package dev.managedtokens.worker.push;

import dev.managedtokens.worker.Failure;
import java.time.Duration;

/**
 * The outcome of one push.
 *
 * @param failure  null on success
 * @param attempts how many times rsync ran
 * @param output   the last rsync output with tokens masked, for the log
 */
public record PushResult(PushRequest request, Failure failure, int attempts, Duration elapsed, String output) {

    public boolean succeeded() {
        return failure == null;
    }
}
