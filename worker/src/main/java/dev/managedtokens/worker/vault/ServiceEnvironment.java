package dev.managedtokens.worker.vault;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The environment a token program sees: the base without any service variable, then this service's own. */
final class ServiceEnvironment {

    /** Removed from the base before anything is set, so nothing leaks from the operator's shell or another service. */
    static final List<String> REMOVED = List.of(
            "KRB5CCNAME",
            "_condor_CREDD_HOST",
            "_condor_COLLECTOR_HOST",
            "HTGETTOKENOPTS",
            "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS");

    /** Also removed for the storer: they would let condor_store_cred authenticate with another service's token. */
    static final List<String> BEARER_DISCOVERY = List.of("BEARER_TOKEN", "BEARER_TOKEN_FILE", "XDG_RUNTIME_DIR");

    private ServiceEnvironment() {}

    static Map<String, String> without(Map<String, String> base, List<String> names) {
        Map<String, String> env = new HashMap<>(base);
        names.forEach(env::remove);
        return env;
    }
}
