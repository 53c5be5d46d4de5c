package dev.managedtokens.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The places of the file where keys may be written. The first three are the levels a per-service value is resolved
 * through (role, then experiment, then global); the others are the fixed sections of run-wide settings.
 */
enum ConfigScope {
    GLOBAL("at the top level", true),
    EXPERIMENT("per experiment (under experiments.<experiment>)", true),
    ROLE("per role (under experiments.<experiment>.roles.<role>)", true),
    WORKER_TYPE("per worker type (under workerType.<type>)", true),
    LOGS("per executable (under logs.<executable>)", true),
    NOTIFICATIONS("under notifications", true),
    NOTIFICATIONS_TEST("under notifications_test", true),
    TIMEOUTS("under timeouts", true),
    // Some keys of these sections are shared (host by three of them, vaultServer with the top level), so a misplaced
    // key is not sent to one of them: the message would often guess.
    EMAIL("under email", false),
    PROMETHEUS("under prometheus", false),
    LOKI("under loki", false),
    TRACING("under tracing", false),
    FERRY("under ferry", false);

    private final String where;
    private final boolean offeredForMisplacedKeys;

    ConfigScope(String where, boolean offeredForMisplacedKeys) {
        this.where = where;
        this.offeredForMisplacedKeys = offeredForMisplacedKeys;
    }

    /** How messages name this place: "per role (under experiments.&lt;experiment&gt;.roles.&lt;role&gt;)". */
    String where() {
        return where;
    }

    /** Whether a key written elsewhere but known here is told "this key belongs" here. */
    boolean offeredForMisplacedKeys() {
        return offeredForMisplacedKeys;
    }

    /**
     * The form under which a written key matches a declared one: keys are case-insensitive everywhere (viper
     * lower-cases them), and under {@code timeouts} a trailing {@code Timeout} is dropped, so {@code push} and
     * {@code pushTimeout} are one key, as the Go service reads them.
     */
    String normalise(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (this == TIMEOUTS && k.endsWith("timeout")) {
            k = k.substring(0, k.length() - "timeout".length());
        }
        return k;
    }

    /** The path of a service's role: {@code experiments.<E>.roles.<R>}. */
    static List<String> rolePath(ServiceName service) {
        return List.of("experiments", service.experiment(), "roles", service.role());
    }

    /** The path of a service's experiment: {@code experiments.<E>}. */
    static List<String> experimentPath(ServiceName service) {
        return List.of("experiments", service.experiment());
    }

    static List<String> append(List<String> base, String last) {
        List<String> out = new ArrayList<>(base);
        out.add(last);
        return out;
    }
}
