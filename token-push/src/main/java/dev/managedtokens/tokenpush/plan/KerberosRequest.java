package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.kerberos.TicketRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The kinit and klist of one service, finished by the planner. Only the credential cache is the run's: it is made
 * when the pipeline starts, in a directory that exists for that run alone.
 *
 * @param account the service's account, for the span
 * @param timeout the configured {@code kerberosTimeout}; the run caps it by the global deadline
 */
public record KerberosRequest(
        String service,
        String account,
        Path keytab,
        String principal,
        Map<String, String> environment,
        Duration timeout) {

    public KerberosRequest {
        environment = Map.copyOf(environment);
    }

    /** {@code kinit -k -t <keytab> -- <principal>}, as it is run. */
    public List<String> kinitArgv() {
        return KerberosTickets.kinitArgv(keytab, principal);
    }

    /** The worker's request for this run: the cache made for it, the timeout left before the global deadline. */
    public TicketRequest bind(Path cache, Duration cappedTimeout) {
        return new TicketRequest(service, keytab, principal, cache, environment, cappedTimeout);
    }
}
