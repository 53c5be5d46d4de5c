package dev.managedtokens.core.config;

/** The {@code email} section, used for service and admin emails alike; port 0 (unset) makes every send fail. */
public record EmailSettings(String from, String smtpHost, int smtpPort) {}
