package dev.managedtokens.worker.ferry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of FERRY authentication: trust only the CA certificates of the {@code *.pem} files directly in
 * {@code ferry.caPath} (never the JDK's store, never "trust all"), and for {@code tls} present the client
 * certificate and key of {@code ferry.hostCert}/{@code ferry.hostKey}. Host names are verified by the HTTP client.
 * Every problem is a {@link FerrySetupException} naming the key and the file.
 */
public final class FerryTls {

    private static final Logger log = LoggerFactory.getLogger(FerryTls.class);

    private FerryTls() {}

    /** A ready client context and what it presents, for messages. */
    public record ClientIdentity(SSLContext sslContext, X509Certificate certificate, String description) {}

    /** Client certificate and key from PEM files, trust from {@code caPath}. */
    public static ClientIdentity clientCertificate(Path hostCert, Path hostKey, Path caPath) {
        List<X509Certificate> chain = readChain(hostCert);
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new FerrySetupException("ferry.hostCert " + hostCert + " expired on " + leaf.getNotAfter()
                    + "; install a current host certificate");
        } catch (CertificateNotYetValidException e) {
            throw new FerrySetupException("ferry.hostCert " + hostCert + " is not valid before " + leaf.getNotBefore()
                    + "; check the clock or the certificate");
        }
        PrivateKey key = readKey(hostKey);
        if (!belongTogether(key, leaf)) {
            throw new FerrySetupException("ferry.hostKey " + hostKey + " is not the key of ferry.hostCert " + hostCert
                    + "; point both at the same host's certificate and key");
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("ferry-client", key, new char[0], chain.toArray(Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            SSLContext context = context(kmf.getKeyManagers(), caPath);
            String description = "client certificate " + hostCert + " ("
                    + leaf.getSubjectX500Principal().getName() + ", issued by "
                    + leaf.getIssuerX500Principal().getName() + ")";
            return new ClientIdentity(context, leaf, description);
        } catch (GeneralSecurityException | IOException e) {
            throw new FerrySetupException(
                    "cannot use ferry.hostCert " + hostCert + " with ferry.hostKey " + hostKey
                            + " as a TLS client identity: " + e.getMessage(),
                    e);
        }
    }

    /**
     * Trust only, for JWT mode: the {@code *.pem} of {@code caPath} when it is set, else the JDK's default trust
     * store (the Go service used the system pool there).
     */
    public static SSLContext trustOnly(Optional<Path> caPath) {
        if (caPath.isEmpty()) {
            try {
                return SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                throw new FerrySetupException("this JDK has no default TLS context: " + e.getMessage(), e);
            }
        }
        try {
            return context(null, caPath.get());
        } catch (GeneralSecurityException | IOException e) {
            throw new FerrySetupException(
                    "cannot build a TLS context trusting ferry.caPath " + caPath.get() + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, Path caPath)
            throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : trustAnchors(caPath)) {
            trust.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
        return context;
    }

    /**
     * The certificates of every {@code *.pem} directly in {@code caPath}, as the Go service reads them: other names
     * ({@code *.0}, {@code *.crt}) are ignored, an unreadable or non-PEM file only logs a warning.
     */
    static List<X509Certificate> trustAnchors(Path caPath) {
        if (caPath == null || caPath.toString().isEmpty()) {
            throw new FerrySetupException("ferry.caPath is not set; set it to the directory of CA certificates"
                    + " (*.pem) that issued FERRY's server certificate, e.g. /etc/grid-security/certificates");
        }
        List<X509Certificate> anchors = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(caPath, "*.pem")) {
            for (Path file : files) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    List<X509Certificate> certs =
                            PemFiles.certificates(Files.readString(file, StandardCharsets.ISO_8859_1));
                    if (certs.isEmpty()) {
                        log.warn("ferry.caPath: {} holds no PEM certificate; ignored", file);
                    }
                    anchors.addAll(certs);
                } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                    log.warn("ferry.caPath: cannot read {} ({}); ignored", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new FerrySetupException(
                    "cannot read ferry.caPath " + caPath + " (" + e.getMessage()
                            + "); set it to a readable directory of CA certificates (*.pem)",
                    e);
        }
        if (anchors.isEmpty()) {
            throw new FerrySetupException(
                    "ferry.caPath " + caPath + " holds no CA certificate in a *.pem file, so"
                            + " no FERRY server could be trusted; put the CA of FERRY's server certificate there as <name>.pem");
        }
        return anchors;
    }

    private static List<X509Certificate> readChain(Path hostCert) {
        if (hostCert == null || hostCert.toString().isEmpty()) {
            throw new FerrySetupException("ferry.hostCert is not set; --authmethod tls needs the host certificate"
                    + " (PEM), e.g. /etc/grid-security/hostcert.pem");
        }
        try {
            List<X509Certificate> chain =
                    PemFiles.certificates(Files.readString(hostCert, StandardCharsets.ISO_8859_1));
            if (chain.isEmpty()) {
                throw new FerrySetupException("ferry.hostCert " + hostCert + " holds no PEM certificate"
                        + " (BEGIN CERTIFICATE); point it at the host certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new FerrySetupException(
                    "cannot read ferry.hostCert " + hostCert + " (" + e
                            + "); check the path and that this account may read it",
                    e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FerrySetupException(
                    "ferry.hostCert " + hostCert + " is not a valid PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path hostKey) {
        if (hostKey == null || hostKey.toString().isEmpty()) {
            throw new FerrySetupException("ferry.hostKey is not set; --authmethod tls needs the host key (PEM),"
                    + " e.g. /etc/grid-security/hostkey.pem");
        }
        String text;
        try {
            text = Files.readString(hostKey, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new FerrySetupException(
                    "cannot read ferry.hostKey " + hostKey + " (" + e
                            + "); check the path and that this account may read it",
                    e);
        }
        try {
            return PemFiles.privateKey(text);
        } catch (IllegalArgumentException e) {
            throw new FerrySetupException("ferry.hostKey " + hostKey + ": " + e.getMessage(), e);
        }
    }

    /** Signs a nonce with the key and verifies it with the certificate: a mismatch fails here, not in FERRY's log. */
    private static boolean belongTogether(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return true; // nothing to check it with; the handshake will tell
        }
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
