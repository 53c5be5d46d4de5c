package dev.managedtokens.worker.vault;

import dev.managedtokens.worker.Failure;
import java.time.Duration;

/**
 * The outcome of one storer call.
 *
 * @param failure    null on success
 * @param storedBack the token at the condor location replaced the credd's stored token
 * @param output     the storer's output with tokens masked (empty when interactive), for the debug log
 * @param elapsed    staging included, as upstream's {@code token_store_duration_seconds}
 */
public record StoreResult(StoreRequest request, Failure failure, boolean storedBack, String output, Duration elapsed) {

    public boolean succeeded() {
        return failure == null;
    }
}
