package dev.managedtokens.core.config;

/**
 * The credkey: the name under which Vault keeps a service's refresh token
 * ({@code secret/oauth/creds/<issuer>/<credkey>:<role>}). It must be derived exactly as the Go service derived it, or every service onboarded by the Go service is looked up
 * under a name Vault never heard of and fails until it is onboarded again: the principal with every literal
 * {@code @FNAL.GOV} removed. The match is case-sensitive and no other realm is touched, so
 * {@code svc/host@EXAMPLE.ORG} keeps its realm in the credkey.
 */
public final class CredKey {

    /** The only realm the Go service removed. */
    public static final String FNAL_REALM_SUFFIX = "@FNAL.GOV";

    private CredKey() {}

    public static String of(String principal) {
        return principal.replace(FNAL_REALM_SUFFIX, "");
    }
}
