package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.StoreRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a service gets its vault token, finished by the planner: one storer call per credd, in the collector's
 * order, or one htgettoken call. The planned requests carry no {@code KRB5CCNAME} and no runtime directory; the
 * run binds the ones it made (see docs/pipeline-steps.md).
 */
public sealed interface TokenRequest {

    /** {@code condor_vault_storer} in every credd, one after another. */
    record Store(List<StoreRequest> credds) implements TokenRequest {
        public Store {
            credds = List.copyOf(credds);
        }

        /** A planned storer call with the run's credential cache, runtime directory and capped timeout. */
        public static StoreRequest bind(StoreRequest planned, String krb5ccname, Path runtimeDir, Duration timeout) {
            return new StoreRequest(
                    planned.service(),
                    planned.credd(),
                    planned.collector(),
                    planned.vaultServer(),
                    krb5ccname,
                    planned.htgettokenOpts(),
                    planned.tokenRoot(),
                    planned.tmpRoot(),
                    planned.runUid(),
                    runtimeDir,
                    planned.baseEnvironment(),
                    timeout,
                    planned.interactive(),
                    planned.verbose());
        }
    }

    /** {@code htgettoken} alone, for getToken services. */
    record Get(GetTokenRequest request) implements TokenRequest {

        /** The planned call with the run's credential cache and capped timeout. */
        public GetTokenRequest bind(String krb5ccname, Duration timeout) {
            GetTokenRequest p = request;
            return new GetTokenRequest(
                    p.service(),
                    p.issuer(),
                    p.role(),
                    p.vaultServer(),
                    krb5ccname,
                    p.htgettokenOpts(),
                    p.tokenRoot(),
                    p.tmpDir(),
                    p.runUid(),
                    p.baseEnvironment(),
                    timeout,
                    p.interactive(),
                    p.verbose());
        }
    }

    /** The configured timeout of one call, before the run caps it by the global deadline. */
    default Duration timeout() {
        return switch (this) {
            case Store s ->
                s.credds().isEmpty() ? Duration.ZERO : s.credds().getFirst().timeout();
            case Get g -> g.request().timeout();
        };
    }
}
