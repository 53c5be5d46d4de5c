package dev.managedtokens.testbed.standins;

import java.time.Instant;

/**
 * One authentication of {@code condor_store_cred} to a credd, as the stand-in logs it.
 *
 * @param action    {@code query}, {@code add} or {@code delete}
 * @param service   the {@code -s} service, empty if none was given
 * @param credd     the credd talked to
 * @param method    {@code SCITOKENS} or {@code KERBEROS}
 * @param identity  the identity the credd mapped the client to (the token's subject, or the principal)
 * @param tokenFile where the bearer token came from ({@code BEARER_TOKEN}, or a file path); empty for Kerberos
 */
public record CreddAuthentication(
        Instant time, String action, String service, String credd, String method, String identity, String tokenFile) {}
