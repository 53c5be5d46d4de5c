package dev.managedtokens.testbed.standins;

import java.time.Instant;

/**
 * A vault token the bed's Vault issued.
 *
 * @param credkey the credkey whose secrets it may read; {@code krb:<principal>} when a Kerberos login asked for a
 *                credkey that is not its principal's (such a token reads nothing)
 * @param expiry  on the Vault clock (see {@link StandIns#advanceVaultClock})
 * @param kind    how it was minted: {@code kerberos}, {@code oidc} or {@code exchange}
 */
public record VaultToken(String token, String issuer, String role, String credkey, Instant expiry, String kind) {

    /** Never prints the token itself. */
    @Override
    public String toString() {
        return "VaultToken[" + issuer + "/" + credkey + ":" + role + ", kind=" + kind + ", expiry=" + expiry + "]";
    }
}
