package dev.managedtokens.testbed.standins;

import java.time.Instant;

/**
 * A credential a credd holds, as {@code condor_store_cred add-oauth} filed it.
 *
 * @param identity   who the credd authenticated the storing client as: the bearer token's {@code sub} (or the
 *                   Kerberos principal when no token was found). A credential filed under another service's
 *                   identity is the race this testbed exists to show.
 * @param vaultToken the long-lived vault token from the stored JSON (empty if the JSON had none)
 * @param vaultUrl   the vault URL from the stored JSON
 * @param scopes     the {@code -S} value it was stored with, empty if none
 * @param audience   the {@code -A} value it was stored with, empty if none
 */
public record StoredCredential(
        String credd,
        String service,
        String identity,
        String vaultToken,
        String vaultUrl,
        Instant storedAt,
        String scopes,
        String audience) {

    /** Never prints the vault token. */
    @Override
    public String toString() {
        return "StoredCredential[credd=" + credd + ", service=" + service + ", identity=" + identity + ", vaultUrl="
                + vaultUrl + ", storedAt=" + storedAt + "]";
    }
}
