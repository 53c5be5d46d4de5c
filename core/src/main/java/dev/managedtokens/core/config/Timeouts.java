package dev.managedtokens.core.config;

import java.time.Duration;

/**
 * The configured timeouts. Stage timeouts apply per unit of work (a service, a credd, a push), the global one to the
 * whole run (docs/run-flow.md, "Timeouts and the global deadline"); {@code ferryRequest} and {@code db} are
 * refresh-uids-from-ferry's.
 */
public record Timeouts(
        Duration global,
        Duration kerberos,
        Duration vaultStorer,
        Duration ping,
        Duration push,
        Duration ferryRequest,
        Duration db) {

    /** 300/20/60/10/30 s for token-push, 30/10 s for refresh-uids-from-ferry. */
    public static final Timeouts DEFAULTS = new Timeouts(
            Duration.ofSeconds(300),
            Duration.ofSeconds(20),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    public Duration get(TimeoutKey key) {
        return switch (key) {
            case GLOBAL -> global;
            case KERBEROS -> kerberos;
            case VAULT_STORER -> vaultStorer;
            case PING -> ping;
            case PUSH -> push;
            case FERRY_REQUEST -> ferryRequest;
            case DB -> db;
        };
    }

    Timeouts with(TimeoutKey key, Duration value) {
        return new Timeouts(
                key == TimeoutKey.GLOBAL ? value : global,
                key == TimeoutKey.KERBEROS ? value : kerberos,
                key == TimeoutKey.VAULT_STORER ? value : vaultStorer,
                key == TimeoutKey.PING ? value : ping,
                key == TimeoutKey.PUSH ? value : push,
                key == TimeoutKey.FERRY_REQUEST ? value : ferryRequest,
                key == TimeoutKey.DB ? value : db);
    }

    /** kerberos + vaultStorer + ping + push; more than {@link #global()} is an error, equality is allowed. */
    public Duration tokenPushStagesTotal() {
        return kerberos.plus(vaultStorer).plus(ping).plus(push);
    }

    public boolean tokenPushStagesExceedGlobal() {
        return tokenPushStagesTotal().compareTo(global) > 0;
    }

    /** ferryRequest + db, checked the same way by refresh-uids-from-ferry. */
    public boolean ferryStagesExceedGlobal() {
        return ferryRequest.plus(db).compareTo(global) > 0;
    }
}
