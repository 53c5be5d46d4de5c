package dev.managedtokens.core.config;

import java.util.Locale;
import java.util.Optional;

/** The keys of the {@code timeouts} map, after viper's lower-casing and the removal of a trailing {@code timeout}. */
public enum TimeoutKey {
    GLOBAL("global", "globalTimeout"),
    KERBEROS("kerberos", "kerberosTimeout"),
    VAULT_STORER("vaultstorer", "vaultStorerTimeout"),
    PING("ping", "pingTimeout"),
    PUSH("push", "pushTimeout"),
    /** refresh-uids-from-ferry only. */
    FERRY_REQUEST("ferryrequest", "ferryRequestTimeout"),
    /** refresh-uids-from-ferry only. */
    DB("db", "dbTimeout");

    private final String configString;
    private final String canonicalKey;

    TimeoutKey(String configString, String canonicalKey) {
        this.configString = configString;
        this.canonicalKey = canonicalKey;
    }

    /** {@code global}, {@code kerberos}, {@code vaultstorer}, {@code ping}, {@code push}, ... */
    public String configString() {
        return configString;
    }

    /** The spelling the shipped configuration uses, e.g. {@code pushTimeout}. */
    public String canonicalKey() {
        return canonicalKey;
    }

    /** The key for an exact config string ({@code push}); {@code ""} or {@code randomKey} give empty. */
    public static Optional<TimeoutKey> parse(String configString) {
        for (TimeoutKey k : values()) {
            if (k.configString.equals(configString)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The key a {@code timeouts} map key means: case-insensitive, with or without the {@code Timeout} suffix. */
    public static Optional<TimeoutKey> fromMapKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.endsWith("timeout")) {
            k = k.substring(0, k.length() - "timeout".length());
        }
        return parse(k);
    }
}
