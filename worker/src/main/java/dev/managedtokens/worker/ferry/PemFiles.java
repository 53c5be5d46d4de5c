package dev.managedtokens.worker.ferry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates and unencrypted private keys from PEM text, in the forms grid hosts keep them: {@code PRIVATE KEY}
 * (PKCS#8, any algorithm the JDK knows), {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY} (SEC1, with or
 * without a preceding {@code EC PARAMETERS} block). PKCS#1 and SEC1 keys are wrapped into PKCS#8 here, so no
 * library beyond the JDK is needed.
 */
final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);

    // OIDs as DER (tag, length, value).
    private static final byte[] OID_RSA_ENCRYPTION = hex("06092a864886f70d010101");
    private static final byte[] OID_EC_PUBLIC_KEY = hex("06072a8648ce3d0201");
    private static final byte[] DER_NULL = hex("0500");

    private PemFiles() {}

    /** A PEM block: its type ({@code CERTIFICATE}, {@code RSA PRIVATE KEY}...), headers, and decoded body. */
    record Block(String type, List<String> headers, byte[] der) {}

    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            List<String> headers = new ArrayList<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : m.group(2).split("\\r?\\n")) {
                if (line.contains(":")) {
                    headers.add(line.strip());
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(m.group(1), headers, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + m.group(1) + " block is not valid base64");
            }
        }
        return blocks;
    }

    /** Every {@code CERTIFICATE} block, in file order. */
    static List<X509Certificate> certificates(String text) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(text)) {
            if (b.type().equals("CERTIFICATE")) {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
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
        List<Block> blocks = blocks(text);
        Optional<byte[]> ecParameters = blocks.stream().filter(b -> b.type().equals("EC PARAMETERS"))
                .map(Block::der).findFirst();
        for (Block b : blocks) {
            if (b.headers().stream().anyMatch(h -> h.startsWith("Proc-Type:") && h.contains("ENCRYPTED"))
                    || b.type().equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException("the private key is encrypted; FERRY needs an unencrypted key"
                        + " (decrypt it with 'openssl pkey -in KEY -out KEY.new')");
            }
            switch (b.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(b.der(), "PKCS#8");
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(pkcs8Wrap(sequence(OID_RSA_ENCRYPTION, DER_NULL), b.der()), "PKCS#1 RSA");
                }
                case "EC PRIVATE KEY" -> {
                    byte[] curve = ecCurve(b.der()).or(() -> ecParameters).orElseThrow(() ->
                            new IllegalArgumentException("the EC private key names no curve and no EC PARAMETERS"
                                    + " block precedes it"));
                    return pkcs8(pkcs8Wrap(sequence(OID_EC_PUBLIC_KEY, curve), b.der()), "SEC1 EC");
                }
                default -> {
                    // CERTIFICATE, EC PARAMETERS and the like: look further.
                }
            }
        }
        throw new IllegalArgumentException("no private key found (expected a PEM block BEGIN PRIVATE KEY,"
                + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, String form) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Not this algorithm; try the next.
            }
        }
        throw new IllegalArgumentException("the " + form + " private key could not be read (corrupt, or an"
                + " algorithm this JDK does not support)");
    }

    /** PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, algorithm, OCTET STRING key }. */
    private static byte[] pkcs8Wrap(byte[] algorithmIdentifier, byte[] key) {
        return sequence(hex("020100"), algorithmIdentifier, tlv(0x04, key));
    }

    /** The curve OID (as DER) in a SEC1 ECPrivateKey's {@code [0] parameters}, if present. */
    static Optional<byte[]> ecCurve(byte[] sec1) {
        DerReader outer = new DerReader(sec1);
        DerReader seq = outer.enter(0x30);
        seq.skip(0x02); // version
        seq.skip(0x04); // privateKey
        while (seq.hasMore()) {
            int tag = seq.peekTag();
            if (tag == 0xA0) {
                DerReader params = seq.enter(0xA0);
                if (params.peekTag() == 0x06) {
                    return Optional.of(params.raw());
                }
                return Optional.empty();
            }
            seq.raw();
        }
        return Optional.empty();
    }

    private static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((n >>> (8 * i)) & 0xFF);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    /** Just enough DER to walk a SEC1 key. */
    private static final class DerReader {
        private final byte[] data;
        private int pos;
        private final int end;

        DerReader(byte[] data) {
            this(data, 0, data.length);
        }

        private DerReader(byte[] data, int start, int end) {
            this.data = data;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        int peekTag() {
            if (pos >= end) throw new IllegalArgumentException("the EC private key is truncated");
            return data[pos] & 0xFF;
        }

        /** Enters the constructed element with this tag. */
        DerReader enter(int tag) {
            int[] h = header(tag);
            DerReader inner = new DerReader(data, h[0], h[0] + h[1]);
            pos = h[0] + h[1];
            return inner;
        }

        void skip(int tag) {
            int[] h = header(tag);
            pos = h[0] + h[1];
        }

        /** The whole next element (tag, length, value). */
        byte[] raw() {
            int start = pos;
            int[] h = header(peekTag());
            pos = h[0] + h[1];
            return java.util.Arrays.copyOfRange(data, start, pos);
        }

        /** {value offset, value length} of the element at pos, which must have this tag. */
        private int[] header(int tag) {
            if (peekTag() != tag) {
                throw new IllegalArgumentException("the EC private key is not SEC1 DER (tag " + peekTag() + ")");
            }
            int p = pos + 1;
            if (p >= end) throw new IllegalArgumentException("the EC private key is truncated");
            int len = data[p++] & 0xFF;
            if (len >= 0x80) {
                int bytes = len & 0x7F;
                if (bytes == 0 || bytes > 3 || p + bytes > end) {
                    throw new IllegalArgumentException("the EC private key has a bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (data[p++] & 0xFF);
                }
            }
            if (p + len > end) throw new IllegalArgumentException("the EC private key is truncated");
            return new int[] {p, len};
        }
    }
}
