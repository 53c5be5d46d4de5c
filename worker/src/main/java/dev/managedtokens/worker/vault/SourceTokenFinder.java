package dev.managedtokens.worker.vault;

import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the vault token to push for a service (upstream's {@code findFirstCreddVaultToken}): the stored token of
 * the first credd in sorted order that has one, the get-only token when there are no credds at all, and the
 * condor location as a last resort.
 */
public final class SourceTokenFinder {

    private SourceTokenFinder() {}

    /**
     * @param credds the service's credds; null for a get-only service, which has none (unlike an empty list, which
     *               is an error)
     */
    public static SourceTokenResult find(
            Path tokenRoot, Path condorTmp, int runUid, String service, List<String> credds) {
        List<Path> candidates = new ArrayList<>();
        if (credds == null) {
            candidates.add(VaultPaths.storedToken(tokenRoot, runUid, null, service));
        } else if (credds.isEmpty()) {
            return failed(service, "no credds given");
        } else {
            // Byte-wise, as Go's sort.Strings: the same credd is chosen on every run.
            credds.stream()
                    .sorted()
                    .forEach(c -> candidates.add(VaultPaths.storedToken(tokenRoot, runUid, c, service)));
        }
        candidates.add(VaultPaths.condorLocation(condorTmp, runUid, service));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return new SourceTokenResult(p, null);
        }
        return failed(
                service,
                "could not find any vault tokens to return (looked at " + candidates
                        + "); the token step must succeed at least once for this service");
    }

    private static SourceTokenResult failed(String service, String why) {
        return new SourceTokenResult(
                null,
                new Failure(
                        FailureKind.NO_SOURCE_TOKEN,
                        "could not find suitable vault token to push for " + service + ": " + why));
    }
}
