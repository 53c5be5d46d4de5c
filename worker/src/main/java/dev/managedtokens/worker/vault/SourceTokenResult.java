package dev.managedtokens.worker.vault;

import dev.managedtokens.worker.Failure;
import java.nio.file.Path;

/**
 * The vault token file to push.
 *
 * @param token   the file; null on failure
 * @param failure null on success
 */
public record SourceTokenResult(Path token, Failure failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
