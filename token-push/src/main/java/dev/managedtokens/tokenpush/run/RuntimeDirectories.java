package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One private, persistent {@code XDG_RUNTIME_DIR} per service, under {@code <database dir>/xdg-runtime/}.
 *
 * <p>Private: condor_vault_storer leaves the service's bearer token there as {@code bt_u<uid>}, and HTCondor's
 * token authentication picks the credd identity from it; a directory shared by two services files one service's
 * credential under the other's identity (the race that made the Go service serialise every store).
 *
 * <p>Persistent: before htgettoken runs, the storer's first {@code condor_store_cred query-oauth} authenticates with
 * whatever bearer token discovery finds. In an empty directory discovery falls back to {@code /tmp/bt_u<uid>},
 * possibly another service's, the query then sees no credential, the storer deletes the staged vault token and a
 * new one is minted every run. Keeping last run's bearer token in the service's own directory avoids that.
 */
final class RuntimeDirectories {

    private final Path root;
    private final int uid;

    /** For this process's account. */
    RuntimeDirectories(Path databaseFile) {
        this(databaseFile, OwnedPaths.currentUid());
    }

    /** For the account {@code uid}: a directory it does not own is refused. */
    RuntimeDirectories(Path databaseFile, int uid) {
        Path parent = databaseFile.toAbsolutePath().getParent();
        this.root = parent.resolve("xdg-runtime");
        this.uid = uid;
    }

    /**
     * The service's directory, created 0700 if absent and made 0700 if it was not. A link (at either level) or a
     * directory of another account is refused and left as it is: the storer would leave the service's bearer
     * token wherever it points.
     *
     * @throws UncheckedIOException with a one-line message naming the directory and the fix
     */
    Path forService(String serviceName) {
        Path dir = root.resolve(serviceName);
        try {
            OwnedPaths.ensurePrivateDirectory(root, uid, "the directory of the private XDG_RUNTIME_DIRs");
            return OwnedPaths.ensurePrivateDirectory(dir, uid, "the private XDG_RUNTIME_DIR of " + serviceName);
        } catch (UnsafePathException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot prepare the private XDG_RUNTIME_DIR " + dir + " for "
                            + serviceName + ": " + e.getMessage() + "; check that " + root.getParent()
                            + " is writable by this account",
                    e);
        }
    }
}
