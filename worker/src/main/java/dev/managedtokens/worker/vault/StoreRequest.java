package dev.managedtokens.worker.vault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code condor_vault_storer} call: one service, one credd.
 *
 * @param service         the service name {@code <experiment>_<role>} (upstream's {@code Name()})
 * @param credd           the credd (schedd) to store in: {@code _condor_CREDD_HOST}
 * @param collector       {@code _condor_COLLECTOR_HOST}
 * @param vaultServer     passed as {@code _condor_SEC_CREDENTIAL_GETTOKEN_OPTS=-a <vaultServer>}
 * @param krb5ccname      the full {@code KRB5CCNAME} value, e.g. {@code FILE:/tmp/managed-tokens123/cache}
 * @param htgettokenOpts  {@code HTGETTOKENOPTS}, or null to leave it unset
 * @param tokenRoot       where per-credd tokens are kept between runs
 * @param tmpRoot         where the storer reads and writes {@code vt_u<uid>-<service>}; {@code /tmp} for the real one
 * @param runUid          the UID this process runs as (the storer names files with it)
 * @param runtimeDir      a private 0700 {@code XDG_RUNTIME_DIR} for this service, kept by the caller; null to have
 *                        one created under {@code tmpRoot} for this call and removed afterwards
 * @param baseEnvironment the environment the storer starts from (the service variables are replaced)
 * @param timeout         for the whole call: staging, the storer, store-back
 * @param interactive     onboarding: the storer's output goes to the terminal and is not parsed
 * @param verbose         adds {@code -v}
 */
public record StoreRequest(
        String service,
        String credd,
        String collector,
        String vaultServer,
        String krb5ccname,
        String htgettokenOpts,
        Path tokenRoot,
        Path tmpRoot,
        int runUid,
        Path runtimeDir,
        Map<String, String> baseEnvironment,
        Duration timeout,
        boolean interactive,
        boolean verbose) {

    public StoreRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(credd, "credd");
        Objects.requireNonNull(tokenRoot, "tokenRoot");
        Objects.requireNonNull(timeout, "timeout");
        collector = collector == null ? "" : collector;
        vaultServer = vaultServer == null ? "" : vaultServer;
        tmpRoot = tmpRoot == null ? VaultPaths.DEFAULT_TMP_ROOT : tmpRoot;
        baseEnvironment = Map.copyOf(baseEnvironment);
    }

    public Path condorLocation() {
        return VaultPaths.condorLocation(tmpRoot, runUid, service);
    }

    public Path storedToken() {
        return VaultPaths.storedToken(tokenRoot, runUid, credd, service);
    }
}
