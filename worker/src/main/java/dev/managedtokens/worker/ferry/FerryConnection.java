package dev.managedtokens.worker.ferry;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How requests to FERRY authenticate: the TLS context (trust, and the client certificate in {@code tls} mode) and,
 * in {@code jwt} mode, the bearer token sent with every request.
 *
 * @param sslContext  trust anchors and, for {@code tls}, the client key pair
 * @param bearer      the token for {@code Authorization: Bearer}, empty for {@code tls}
 * @param description for messages, e.g. {@code client certificate /etc/grid-security/hostcert.pem (CN=...)}
 */
public record FerryConnection(SSLContext sslContext, Optional<BearerSecret> bearer, String description) {

    public FerryConnection {
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(bearer, "bearer");
        Objects.requireNonNull(description, "description");
    }

    public static FerryConnection clientCertificate(FerryTls.ClientIdentity identity) {
        return new FerryConnection(identity.sslContext(), Optional.empty(), identity.description());
    }

    public static FerryConnection bearerToken(SSLContext trust, BearerSecret token, String description) {
        return new FerryConnection(trust, Optional.of(token), description);
    }
}
