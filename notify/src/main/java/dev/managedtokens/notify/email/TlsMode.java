package dev.managedtokens.notify.email;

import java.util.Locale;

/** How the SMTP connection is protected; certificates are always verified, including the host name. */
public enum TlsMode {
    /** The Go service's behaviour: STARTTLS whenever the server offers it, plain SMTP otherwise. */
    STARTTLS_IF_OFFERED("opportunistic"),
    /** STARTTLS or no email: a server that does not offer it fails the send. */
    STARTTLS_REQUIRED("starttls"),
    /** TLS from the first byte (SMTPS, usually port 465), which the Go service cannot do. */
    IMPLICIT_TLS("tls");

    private final String configValue;

    TlsMode(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the proposed {@code email.tls} key. */
    public String configValue() {
        return configValue;
    }

    /** Reads a {@code email.tls} value: {@code opportunistic}, {@code starttls} or {@code tls}. */
    public static TlsMode fromConfigValue(String value) {
        for (TlsMode mode : values()) {
            if (mode.configValue.equals(value.strip().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException(
                "email.tls: unknown value '" + value + "'; use opportunistic (the default), starttls or tls");
    }
}
