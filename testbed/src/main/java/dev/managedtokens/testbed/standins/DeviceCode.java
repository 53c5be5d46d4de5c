package dev.managedtokens.testbed.standins;

/**
 * A device-code flow an interactive htgettoken started and is waiting on; approving it completes onboarding
 * (Vault then holds a refresh token for issuer/role/credkey).
 *
 * @param credkey empty when htgettoken did not know it (no {@code --credkey} and no saved one)
 */
public record DeviceCode(String userCode, String issuer, String role, String credkey, String vaultServer) {}
