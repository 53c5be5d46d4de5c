package dev.managedtokens.worker.ferry;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates and unencrypted private keys from PEM text, in the forms grid hosts keep them: {@code PRIVATE KEY}
 * (PKCS#8, any algorithm the JDK knows), {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (SEC1, with or
 * without a preceding {@code EC PARAMETERS} block). BouncyCastle's PEMParser reads the blocks and its JCA converter
 * turns them into the JDK's key and certificate objects. Encrypted keys are refused: the configuration has no
 * passphrase for them.
 */
final class PemFiles {

    private PemFiles() {}

    private static final Set<String> CERTIFICATE_BLOCKS =
            Set.of(PEMParser.TYPE_CERTIFICATE, PEMParser.TYPE_X509_CERTIFICATE);

    /** Every {@code CERTIFICATE} block, in file order; blocks of other kinds are passed over unread. */
    static List<X509Certificate> certificates(String text) throws CertificateException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certs = new ArrayList<>();
        for (Object o : objects(text, CERTIFICATE_BLOCKS::contains)) {
            if (o instanceof X509CertificateHolder holder) {
                certs.add(converter.getCertificate(holder));
            }
        }
        return certs;
    }

    /**
     * The first private key in the text.
     *
     * @throws IllegalArgumentException with a reason an operator can act on (no key, encrypted, unknown form)
     */
    static PrivateKey privateKey(String text) {
        List<Object> objects = objects(text, type -> true);
        // `openssl ecparam -genkey` writes the curve in a block of its own before the key.
        Optional<ASN1ObjectIdentifier> curve = objects.stream()
                .filter(ASN1ObjectIdentifier.class::isInstance)
                .map(ASN1ObjectIdentifier.class::cast)
                .findFirst();
        for (Object o : objects) {
            if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                throw new IllegalArgumentException("the private key is encrypted; FERRY needs an unencrypted key"
                        + " (decrypt it with 'openssl pkey -in KEY -out KEY.new')");
            }
            if (o instanceof PrivateKeyInfo pkcs8) {
                return convert(pkcs8, "PKCS#8");
            }
            if (o instanceof PEMKeyPair pair) {
                PrivateKeyInfo info = pair.getPrivateKeyInfo();
                ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
                if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                    return convert(info, "PKCS#1 RSA");
                }
                if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                    return convert(withCurve(info, curve), "SEC1 EC");
                }
                return convert(info, algorithm.getId());
            }
        }
        throw new IllegalArgumentException("no private key found (expected a PEM block BEGIN PRIVATE KEY,"
                + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    /** A SEC1 key that names no curve of its own takes the one of the EC PARAMETERS block. */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, Optional<ASN1ObjectIdentifier> curve) {
        if (info.getPrivateKeyAlgorithm().getParameters() != null) {
            return info;
        }
        ASN1ObjectIdentifier named = curve.orElseThrow(() -> new IllegalArgumentException(
                "the EC private key names no curve and no EC PARAMETERS block precedes it"));
        try {
            return new PrivateKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, named), info.parsePrivateKey());
        } catch (IOException e) {
            throw new IllegalArgumentException("the SEC1 EC private key could not be read: " + e.getMessage(), e);
        }
    }

    private static PrivateKey convert(PrivateKeyInfo info, String form) {
        try {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (PEMException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "the " + form + " private key could not be read (corrupt, or an"
                            + " algorithm this JDK does not support)",
                    e);
        }
    }

    /**
     * The blocks of the types asked for that PEMParser knows, parsed, in file order; text outside blocks and other
     * blocks are skipped.
     */
    private static List<Object> objects(String text, Predicate<String> wanted) {
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new SelectedBlocksParser(text, wanted)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            // PEMParser says which block (e.g. "problem parsing PRIVATE KEY: ...", "malformed PEM data ...").
            throw new IllegalArgumentException("not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    /** PEMParser refuses a block it has no parser for; a certificate or key file may hold others beside ours. */
    private static final class SelectedBlocksParser extends PEMParser {
        private final Predicate<String> wanted;

        SelectedBlocksParser(String text, Predicate<String> wanted) {
            super(new StringReader(text));
            this.wanted = wanted;
        }

        @Override
        public PemObject readPemObject() throws IOException {
            PemObject o = super.readPemObject();
            while (o != null
                    && !(wanted.test(o.getType()) && getSupportedTypes().contains(o.getType()))) {
                o = super.readPemObject();
            }
            return o;
        }
    }
}
