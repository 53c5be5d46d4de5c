package dev.managedtokens.tokenpush.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

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

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    RuntimeDirectories(Path databaseFile) {
        Path parent = databaseFile.toAbsolutePath().getParent();
        this.root = parent.resolve("xdg-runtime");
    }

    /** The service's directory, created 0700 if absent and made 0700 if it was not. */
    Path forService(String serviceName) {
        Path dir = root.resolve(serviceName);
        try {
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the private XDG_RUNTIME_DIR " + dir + " for "
                    + serviceName + ": " + e.getMessage() + "; check that " + root.getParent()
                    + " is writable by this account", e);
        }
    }
}
