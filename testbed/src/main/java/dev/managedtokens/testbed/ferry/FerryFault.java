package dev.managedtokens.testbed.ferry;

/** How the FERRY stand-in answers {@code getUserInfo} for one account when told to misbehave. */
public enum FerryFault {
    /** HTTP 200 with {@code "ferry_status":"failure"} and a {@code ferry_error} list, as FERRY reports its errors. */
    FERRY_FAILURE,
    /** HTTP 401 with a failure envelope, as FERRY answers an unauthorised caller. */
    UNAUTHORIZED,
    /** HTTP 500 with an HTML page, as a proxy in front of a broken FERRY answers. */
    SERVER_ERROR,
    /** HTTP 200 with a body cut off in the middle of the JSON. */
    MALFORMED_JSON,
    /** HTTP 200, a success envelope whose {@code ferry_output} has no {@code uid}. */
    MISSING_UID,
    /**
     * HTTP 200 with a success envelope that never ends: white space (valid inside JSON) streamed in 64 KiB writes,
     * up to {@link FerryStandIn#HUGE_BODY_BYTES}, until the client hangs up. Nothing of it is held in memory here.
     */
    HUGE_BODY,
    /** The right answer, but only after {@link FerryStandIn#setSlowDelay} (longer than any client timeout). */
    SLOW
}
