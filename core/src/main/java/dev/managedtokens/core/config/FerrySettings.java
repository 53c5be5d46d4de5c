package dev.managedtokens.core.config;

/** The {@code ferry} section read by refresh-uids-from-ferry. {@code host} must carry its scheme ({@code https://...}). */
public record FerrySettings(
        String host,
        int port,
        String hostCert,
        String hostKey,
        String caPath,
        String serviceExperiment,
        String serviceRole,
        String serviceKerberosPrincipal,
        String serviceKeytabPath,
        String vaultServer) {}
