package dev.managedtokens.notify.email;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Transport security for SMTP, beyond the {@code email} keys the Go service has.
 *
 * @param tls when to use TLS
 * @param login SMTP AUTH credentials; they are only ever sent over TLS, so with {@link TlsMode#STARTTLS_IF_OFFERED}
 *              a login makes STARTTLS required
 * @param trustedCertificates a PEM file of CA certificates to trust instead of the JVM's default trust store
 */
public record SmtpSecurity(TlsMode tls, Optional<SmtpLogin> login, Optional<Path> trustedCertificates) {

    /** Exactly the Go service: opportunistic STARTTLS, verified against the default trust store, no authentication. */
    public static final SmtpSecurity GO_DEFAULT =
            new SmtpSecurity(TlsMode.STARTTLS_IF_OFFERED, Optional.empty(), Optional.empty());

    public SmtpSecurity {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(trustedCertificates, "trustedCertificates");
    }

    /** Whether the connection must be encrypted before anything is sent. */
    public boolean tlsRequired() {
        return tls != TlsMode.STARTTLS_IF_OFFERED || login.isPresent();
    }
}
