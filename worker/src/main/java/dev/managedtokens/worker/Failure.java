package dev.managedtokens.worker;

import java.util.Objects;

/**
 * A failed step as data: what kind of failure, and one line saying what failed, where, and what to do.
 *
 * @param kind    for routing and metrics
 * @param message one line, safe to log and to mail: it never holds a token
 */
public record Failure(FailureKind kind, String message) {

    public Failure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public boolean isTimeout() {
        return kind == FailureKind.TIMEOUT;
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
