package dev.managedtokens.kerberos;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.scratch.ScratchNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's private directory of Kerberos credential caches: one 0700 directory under the temp root, one 0600 file
 * cache per service inside it, all removed when the run ends. Caches are never shared between services, so no
 * kswitch or cache collection is involved.
 */
public final class CredentialCaches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CredentialCaches.class);

    private final Path directory;

    private CredentialCaches(Path directory) {
        this.directory = directory;
    }

    /**
     * Creates {@code <tmpRoot>/managed-tokens.p<pid>s<start>.<random>/} with mode 0700 (mkdir never follows a link):
     * the tag lets a later run remove it should this one be killed ({@link ScratchNames}). After checking
     * that {@code tmpRoot} is a directory where no other account can replace it (see
     * {@link OwnedPaths#requireSafeTempRoot}).
     */
    public static CredentialCaches create(Path tmpRoot) {
        try {
            OwnedPaths.requireSafeTempRoot(tmpRoot, OwnedPaths.currentUid());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        try {
            return new CredentialCaches(Files.createTempDirectory(
                    tmpRoot,
                    ScratchNames.prefix("managed-tokens"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the Kerberos cache directory under " + tmpRoot + ": " + e.getMessage()
                            + "; check that it exists and is writable",
                    e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** A new empty 0600 cache file for the service, named as the Go service names it. */
    public Path newCacheFor(String serviceName) {
        try {
            return Files.createTempFile(
                    directory,
                    "managed-tokens-krb5ccCache-" + serviceName,
                    "",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a Kerberos cache for " + serviceName + " in " + directory + ": " + e.getMessage(),
                    e);
        }
    }

    /** Removes the directory and every cache in it; tickets must not outlive the run. */
    @Override
    public void close() {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
            log.debug("Cleared kerberos cache directory {}", directory);
        } catch (IOException e) {
            log.error("Could not clear kerberos cache directory {}: {}", directory, e.toString());
        }
    }
}
