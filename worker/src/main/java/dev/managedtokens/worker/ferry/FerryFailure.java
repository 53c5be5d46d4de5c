package dev.managedtokens.worker.ferry;

import java.util.Objects;

/**
 * Why FERRY gave no UID for one account.
 *
 * @param kind       for routing, metrics and the exit status
 * @param account    the account asked about
 * @param httpStatus the HTTP status when FERRY answered, else 0
 * @param message    one line naming the account, what FERRY did and what to check; never holds a token
 */
public record FerryFailure(FerryFailureKind kind, String account, int httpStatus, String message) {

    public FerryFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(message, "message");
    }

    static FerryFailure of(FerryFailureKind kind, String account, String message) {
        return new FerryFailure(kind, account, 0, message);
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
