package dev.managedtokens.kerberos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What one service needs to get its ticket.
 *
 * @param service         the service's name, for messages
 * @param keytab          the service's keytab file
 * @param principal       the principal expected in the keytab and, afterwards, in the cache
 * @param cache           the file credential cache to fill (see {@link CredentialCaches#newCacheFor})
 * @param baseEnvironment the environment the children start from; KRB5CCNAME is replaced
 * @param timeout         for kinit and klist together
 */
public record TicketRequest(
        String service,
        Path keytab,
        String principal,
        Path cache,
        Map<String, String> baseEnvironment,
        Duration timeout) {

    public TicketRequest {
        baseEnvironment = Map.copyOf(baseEnvironment);
    }

    /** The value of KRB5CCNAME that every later step of this service (storer, ssh) must use. */
    public String krb5ccname() {
        return "FILE:" + cache;
    }
}
