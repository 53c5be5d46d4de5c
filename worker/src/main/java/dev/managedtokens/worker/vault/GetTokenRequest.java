package dev.managedtokens.worker.vault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code htgettoken} call for a get-only service (no credd).
 *
 * @param service         {@code <experiment>_<role>} (upstream's {@code Name()}), for the token file name
 * @param issuer          {@code -i}: the experiment part of the name
 * @param role            {@code --role}, left out when empty
 * @param vaultServer     {@code -a}; must not be empty
 * @param krb5ccname      the full {@code KRB5CCNAME} value
 * @param htgettokenOpts  {@code HTGETTOKENOPTS}, or null to leave it unset
 * @param tokenRoot       where {@code vt_u<uid>-<service>} is kept between runs
 * @param tmpDir          where the private directory for the bearer token (and a fresh vault token) is made
 * @param runUid          the UID this process runs as
 * @param baseEnvironment the environment htgettoken starts from (the service variables are replaced)
 * @param timeout         for the whole call
 * @param interactive     onboarding: output goes to the terminal and is not parsed
 * @param verbose         adds {@code --verbose}
 */
public record GetTokenRequest(
        String service,
        String issuer,
        String role,
        String vaultServer,
        String krb5ccname,
        String htgettokenOpts,
        Path tokenRoot,
        Path tmpDir,
        int runUid,
        Map<String, String> baseEnvironment,
        Duration timeout,
        boolean interactive,
        boolean verbose) {

    public GetTokenRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenRoot, "tokenRoot");
        Objects.requireNonNull(tmpDir, "tmpDir");
        Objects.requireNonNull(timeout, "timeout");
        role = role == null ? "" : role;
        vaultServer = vaultServer == null ? "" : vaultServer;
        baseEnvironment = Map.copyOf(baseEnvironment);
    }

    /** {@code <tokenRoot>/vt_u<uid>-<service>}. */
    public Path storedToken() {
        return VaultPaths.storedToken(tokenRoot, runUid, null, service);
    }
}
