package dev.managedtokens.worker.vault;

import dev.managedtokens.core.config.NameRules;
import java.nio.file.Path;

/**
 * Where vault tokens live, named exactly as the Go service and HTCondor name them. The service and credd names are
 * checked before they get here (configuration validation, schedd discovery); a name that would still take a token
 * file out of its directory is refused with {@link IllegalArgumentException}.
 */
public final class VaultPaths {

    /** {@code condor_vault_storer} hard-codes {@code /tmp}; only tests move it. */
    public static final Path DEFAULT_TMP_ROOT = Path.of("/tmp");

    private VaultPaths() {}

    /** {@code <tmpRoot>/vt_u<uid>-<service>}: where the storer and htgettoken read and write the service's token. */
    public static Path condorLocation(Path tmpRoot, int uid, String service) {
        return NameRules.childOf(tmpRoot, "vt_u" + uid + "-" + service);
    }

    /**
     * {@code <tokenRoot>/vt_u<uid>-<credd>-<service>}, or {@code <tokenRoot>/vt_u<uid>-<service>} when
     * {@code credd} is null or empty (get-only services): the token kept between runs.
     */
    public static Path storedToken(Path tokenRoot, int uid, String credd, String service) {
        if (credd == null || credd.isEmpty()) return NameRules.childOf(tokenRoot, "vt_u" + uid + "-" + service);
        return NameRules.childOf(tokenRoot, "vt_u" + uid + "-" + credd + "-" + service);
    }

    /** {@code <tmpRoot>/vt_u<uid>}: the running user's default token, which the storer overwrites as a side effect. */
    public static Path defaultToken(Path tmpRoot, int uid) {
        return tmpRoot.resolve("vt_u" + uid);
    }
}
