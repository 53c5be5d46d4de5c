package dev.managedtokens.worker.ferry;

import java.util.Objects;

/** The bearer token that authenticates to FERRY in JWT mode; kept in memory only and never printed. */
public final class BearerSecret {

    private final String token;

    BearerSecret(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    /** The value of the {@code Authorization} header. */
    String authorizationHeader() {
        return "Bearer " + token;
    }

    @Override
    public String toString() {
        return "BearerSecret[redacted]";
    }
}
