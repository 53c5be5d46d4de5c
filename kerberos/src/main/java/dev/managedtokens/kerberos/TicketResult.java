package dev.managedtokens.kerberos;

import java.time.Duration;

/**
 * The outcome of {@link KerberosTickets#obtain}: a verified ticket, or why not.
 *
 * @param error    null on success; otherwise one line saying what failed
 * @param timedOut the kerberos timeout passed (the Go service reports this as "Timeout error")
 * @param output   kinit's or klist's output on failure, for the log
 */
public record TicketResult(TicketRequest request, String error, boolean timedOut, String output, Duration elapsed) {

    public boolean succeeded() {
        return error == null;
    }

    static TicketResult ok(TicketRequest request, Duration elapsed) {
        return new TicketResult(request, null, false, "", elapsed);
    }
}
