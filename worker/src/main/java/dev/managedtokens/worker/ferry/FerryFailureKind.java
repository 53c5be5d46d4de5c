package dev.managedtokens.worker.ferry;

/** Why FERRY gave no UID for an account; callers count and route failures by this, never by the message. */
public enum FerryFailureKind {
    /** FERRY answered {@code "ferry_status": "failure"}; the message carries its {@code ferry_error} list. */
    FERRY_ERROR(false),
    /** FERRY answered with a status other than 2xx (401, 500...), whatever the body. */
    HTTP_STATUS(false),
    /** A 2xx answer that is not FERRY's JSON envelope (not JSON, cut off, not an object). */
    MALFORMED_RESPONSE(false),
    /** The answer was longer than {@link FerryClient#MAX_RESPONSE_BYTES}; reading stopped there. */
    TOO_LARGE(false),
    /** A success envelope without a usable {@code uid} (missing, not a number, 0, out of range): nothing is stored. */
    NO_UID(false),
    /** No complete answer within {@code timeouts.ferryRequestTimeout} (or before the run's global deadline). */
    TIMEOUT(false),
    /** The connection broke after it was made (reset, closed mid-answer). */
    TRANSPORT(false),
    /** No connection: host unknown, connection refused, connect timeout. */
    UNREACHABLE(true),
    /** The TLS handshake failed: untrusted server, wrong host name, or FERRY refused our client certificate. */
    TLS(true),
    /** Not asked: the first request showed FERRY cannot be reached, so the others were not sent. */
    NOT_ATTEMPTED(true),
    /** The run was interrupted while waiting for FERRY. */
    CANCELLED(false);

    private final boolean connectionLevel;

    FerryFailureKind(boolean connectionLevel) {
        this.connectionLevel = connectionLevel;
    }

    /** True when the failure is about reaching FERRY at all, not about this account. */
    public boolean connectionLevel() {
        return connectionLevel;
    }

    /** Whether a request was sent (or tried) and failed: what {@code ferry_request_error_count} counts. */
    public boolean countsAsFailedRequest() {
        return this != NOT_ATTEMPTED;
    }
}
