package dev.managedtokens.core.config;

import java.util.Optional;

/** How a service obtains its token: store it in every credd with condor_vault_storer, or only fetch it with htgettoken. */
public enum TokenGetter {
    STORE_AND_GET_TOKEN("storeAndGetToken"),
    GET_TOKEN("getToken");

    private final String configString;

    TokenGetter(String configString) {
        this.configString = configString;
    }

    public String configString() {
        return configString;
    }

    /** Case-sensitive as in the Go service; anything else means the default, {@link #STORE_AND_GET_TOKEN}. */
    public static Optional<TokenGetter> fromConfigString(String s) {
        for (TokenGetter t : values()) {
            if (t.configString.equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
