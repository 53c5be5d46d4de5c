package dev.managedtokens.worker.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes {@code /tmp/vt_u<uid>}, the default vault token that every storer call leaves behind as a side effect.
 * The orchestrator calls it once, after every token step of the run has finished.
 */
public final class VaultTokenCleanup {

    private static final Logger log = LoggerFactory.getLogger(VaultTokenCleanup.class);

    private VaultTokenCleanup() {}

    /** @return true when a file was removed */
    public static boolean removeDefaultToken(int uid) {
        return removeDefaultToken(VaultPaths.DEFAULT_TMP_ROOT, uid);
    }

    /** The same under another tmp root (tests). */
    public static boolean removeDefaultToken(Path tmpRoot, int uid) {
        Path token = VaultPaths.defaultToken(tmpRoot, uid);
        try {
            boolean removed = Files.deleteIfExists(token);
            if (!removed) log.info("No default vault token at {} to remove", token);
            return removed;
        } catch (IOException e) {
            log.error("Could not remove the default vault token {}: {}; remove it by hand", token, e.toString());
            return false;
        }
    }
}
