package dev.managedtokens.worker.vault;

import dev.managedtokens.worker.Failure;
import java.time.Duration;

/**
 * The outcome of one htgettoken call.
 *
 * @param failure null on success
 * @param warning a problem that does not fail the service (bearer token check, vault token copy), or null
 * @param output  htgettoken's output with tokens masked (empty when interactive)
 */
public record GetTokenResult(
        GetTokenRequest request, Failure failure, String warning, String output, Duration elapsed) {

    public boolean succeeded() {
        return failure == null;
    }
}
