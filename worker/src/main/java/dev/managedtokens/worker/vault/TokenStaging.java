package dev.managedtokens.worker.vault;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.scratch.ScratchNames;
import dev.managedtokens.worker.TokenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file moves around one storer call (docs/run-flow.md, "Each service's pipeline"): set aside what is at the
 * condor location, put the credd's stored token there, and afterwards store the result back and put the set-aside file
 * where it was.
 *
 * <p>The stored token is copied in, not moved: it stays untouched in the store until a successful storer call
 * replaces it atomically, so neither a failed storer nor a crash in between can lose it.
 */
final class TokenStaging {

    private static final Logger log = LoggerFactory.getLogger(TokenStaging.class);

    /** What {@link #stage} did. */
    enum Staged {
        /** The stored token is now at the condor location. */
        STAGED,
        /** Nothing was stored for this credd: the storer starts from no token. */
        NOTHING_STORED,
        /** The copy failed and the condor location is clear: the storer starts from no token. */
        COPY_FAILED,
        /** The copy failed and the condor location could not be cleared: its content must not be stored back. */
        COPY_FAILED_DIRTY
    }

    private static final String CONDOR_LOCATION = "the condor vault token location";

    private TokenStaging() {}

    /**
     * Moves whatever is at {@code condorLocation} to a 0600 temporary file in {@code tmpRoot}.
     *
     * @return the backup, or null when there was nothing to back up or the move failed (then the file is left and
     *         will be overwritten, as in the Go service)
     */
    static Path backup(Path condorLocation, Path tmpRoot) {
        if (!Files.exists(condorLocation, LinkOption.NOFOLLOW_LINKS)) return null;
        Path backup = null;
        try {
            // Only our own file is moved aside (and later back): anything else stays where its owner put it.
            OwnedPaths.requireOwnedFile(condorLocation, OwnedPaths.currentUid(), CONDOR_LOCATION);
            backup = Files.createTempFile(
                    tmpRoot, ScratchNames.setAsidePrefix(condorLocation), "", TokenFiles.ownerOnlyFile());
            TokenFiles.moveReplacing(condorLocation, backup);
            return backup;
        } catch (IOException e) {
            log.error(
                    "Error backing up current vault token at {}.  Will overwrite this with a new vault token. ({})",
                    condorLocation,
                    e.toString());
            if (backup != null) TokenFiles.deleteRecursively(backup);
            return null;
        }
    }

    /**
     * Why the storer must not run with {@code condorLocation} as it is, or empty: the storer writes the service's
     * token there, so a link would send that write wherever it points, and another account's file (or FIFO) there
     * is not ours to replace. Nothing at the location is fine, and so is our own regular file.
     */
    static Optional<String> unsafeCondorLocation(Path condorLocation) {
        try {
            OwnedPaths.requireReplaceable(condorLocation, OwnedPaths.currentUid(), CONDOR_LOCATION);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Copies the credd's stored token to the condor location (0600, atomic). */
    static Staged stage(Path storedToken, Path condorLocation) {
        if (!Files.exists(storedToken)) {
            log.info(
                    "No prior vault token exists for this service/credd combination ({}).  Will get a new vault token",
                    storedToken);
            return Staged.NOTHING_STORED;
        }
        try {
            TokenFiles.copyAtomically(storedToken, condorLocation);
            return Staged.STAGED;
        } catch (IOException e) {
            String problem = TokenFiles.deleteRecursively(condorLocation);
            if (problem == null) {
                log.warn(
                        "Could not stage {} at {} ({}); the storer starts without a prior token",
                        storedToken,
                        condorLocation,
                        e.toString());
                return Staged.COPY_FAILED;
            }
            log.error(
                    "Could not stage {} at {} ({}) nor clear it ({}); the result will not be stored back",
                    storedToken,
                    condorLocation,
                    e.toString(),
                    problem);
            return Staged.COPY_FAILED_DIRTY;
        }
    }

    /**
     * Replaces the stored token with the one at the condor location (0600, atomic), then removes the latter.
     *
     * @throws NoSuchFileException when the condor location holds no token
     * @throws IOException         when the store cannot be written (e.g. its directory is missing)
     */
    static void storeBack(Path condorLocation, Path storedToken) throws IOException {
        if (!Files.exists(condorLocation, LinkOption.NOFOLLOW_LINKS))
            throw new NoSuchFileException(
                    condorLocation.toString(), null, "no vault token at the condor location to store back");
        TokenFiles.copyAtomically(condorLocation, storedToken);
        Files.deleteIfExists(condorLocation);
    }

    /**
     * Puts the backup back at the condor location. If that fails it is kept as
     * {@code <tmpRoot>/managed_tokens_vt_bak-<service>-<RFC3339>}, and failing that, where it is.
     *
     * @return where the backup ended up
     */
    static Path restore(Path backup, Path condorLocation, Path tmpRoot, String service) {
        try {
            TokenFiles.moveReplacing(backup, condorLocation);
            return condorLocation;
        } catch (IOException e) {
            Path lastResort = tmpRoot.resolve("managed_tokens_vt_bak-" + service + "-"
                    + OffsetDateTime.now(ZoneOffset.UTC)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            try {
                TokenFiles.moveReplacing(backup, lastResort);
                log.error(
                        "Could not restore the vault token backup to {} ({}); it is saved at {}",
                        condorLocation,
                        e.toString(),
                        lastResort);
                return lastResort;
            } catch (IOException e2) {
                log.error(
                        "Could not restore the vault token backup to {} ({}) nor save it at {} ({}); it is kept at {}",
                        condorLocation,
                        e.toString(),
                        lastResort,
                        e2.toString(),
                        backup);
                return backup;
            }
        }
    }
}
