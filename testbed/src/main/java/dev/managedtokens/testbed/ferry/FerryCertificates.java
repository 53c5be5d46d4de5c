package dev.managedtokens.testbed.ferry;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The PKI of a bed's FERRY, made with {@code openssl} when the bed starts: a CA, a server certificate for the host
 * name the client uses, client certificates signed by that CA with their keys in the forms grid hosts have them
 * (PKCS#8 and PKCS#1 RSA, SEC1 EC with its parameters block), and one client certificate from another CA that FERRY
 * must refuse. {@link #trustDirectory()} holds only the CA's {@code .pem}: the client's {@code ferry.caPath}.
 *
 * <pre>
 *   dir/ca/ca.pem, ca.key            the bed's FERRY CA
 *   dir/other-ca/ca.pem, ca.key      a CA nobody trusts
 *   dir/trust/ferry-ca.pem           ferry.caPath
 *   dir/server/server.pem, .key      for serverHostName (and 127.0.0.1)
 *   dir/clients/*.pem, *.key         ferry.hostCert / ferry.hostKey
 * </pre>
 */
public final class FerryCertificates {

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);

    private final Path dir;
    private final String serverHostName;

    private FerryCertificates(Path dir, String serverHostName) {
        this.dir = dir;
        this.serverHostName = serverHostName;
    }

    /**
     * Makes every certificate and key under {@code dir} (created, mode 0755; keys 0600). {@code serverHostName} is
     * the name in the server certificate; a client connecting by any other name must fail host-name verification.
     */
    public static FerryCertificates create(Path dir, String serverHostName, Tools tools) {
        FerryCertificates c = new FerryCertificates(BedFiles.directory(dir, "rwxr-xr-x"), serverHostName);
        c.make(tools);
        return c;
    }

    private void make(Tools tools) {
        Path ca = BedFiles.directory(dir.resolve("ca"), "rwx------");
        Path otherCa = BedFiles.directory(dir.resolve("other-ca"), "rwx------");
        Path server = BedFiles.directory(dir.resolve("server"), "rwx------");
        Path clients = BedFiles.directory(dir.resolve("clients"), "rwxr-xr-x");
        Path trust = BedFiles.directory(dir.resolve("trust"), "rwxr-xr-x");

        makeCa(tools, ca, "managed-tokens testbed FERRY CA");
        makeCa(tools, otherCa, "managed-tokens testbed untrusted CA");
        copy(ca.resolve("ca.pem"), trust.resolve("ferry-ca.pem"));

        String serverSan = "DNS:" + serverHostName + (serverHostName.equals("localhost") ? ",IP:127.0.0.1" : "");
        rsaLeaf(tools, ca, server, "server", "/O=managed-tokens testbed/CN=" + serverHostName, serverSan, "serverAuth");

        String clientSubject = "/DC=org/DC=managed-tokens-testbed/OU=Services/CN=admin.testbed";
        rsaLeaf(tools, ca, clients, "client", clientSubject, "DNS:admin.testbed", "serverAuth,clientAuth");
        tools.check(
                "write the client key as PKCS#1",
                openssl(clients, "rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key"));
        BedFiles.write(clients.resolve("client-pkcs1.key"), read(clients.resolve("client-pkcs1.key")), "rw-------");
        // Grid hosts keep "openssl ecparam -genkey" output: an EC PARAMETERS block before the SEC1 key.
        tools.check(
                "make an EC client key",
                openssl(clients, "ecparam", "-name", "prime256v1", "-genkey", "-out", "client-ec.key"));
        signLeaf(
                tools,
                ca,
                clients,
                "client-ec",
                "client-ec.key",
                clientSubject + "-ec",
                "DNS:admin.testbed",
                "serverAuth,clientAuth");
        rsaLeaf(
                tools,
                otherCa,
                clients,
                "other-ca-client",
                clientSubject,
                "DNS:admin.testbed",
                "serverAuth,clientAuth");
        for (String name : List.of("client.key", "client-pkcs1.key", "client-ec.key", "other-ca-client.key")) {
            BedFiles.write(clients.resolve(name), read(clients.resolve(name)), "rw-------");
        }
    }

    private void makeCa(Tools tools, Path caDir, String commonName) {
        BedFiles.write(caDir.resolve("ca.cnf"), """
                [req]
                distinguished_name = dn
                prompt = no
                [dn]
                O = managed-tokens testbed
                CN = %s
                [v3_ca]
                basicConstraints = critical,CA:TRUE
                keyUsage = critical,keyCertSign,cRLSign
                subjectKeyIdentifier = hash
                """.formatted(commonName), "rw-------");
        tools.check(
                "make " + commonName,
                openssl(
                        caDir,
                        "req",
                        "-x509",
                        "-config",
                        "ca.cnf",
                        "-extensions",
                        "v3_ca",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        "ca.key",
                        "-out",
                        "ca.pem",
                        "-days",
                        "30",
                        "-set_serial",
                        serial()));
    }

    private void rsaLeaf(Tools tools, Path caDir, Path outDir, String name, String subject, String san, String eku) {
        tools.check(
                "make the key of " + name,
                openssl(
                        outDir,
                        "genpkey",
                        "-algorithm",
                        "RSA",
                        "-pkeyopt",
                        "rsa_keygen_bits:2048",
                        "-out",
                        name + ".key"));
        signLeaf(tools, caDir, outDir, name, name + ".key", subject, san, eku);
    }

    private void signLeaf(
            Tools tools, Path caDir, Path outDir, String name, String keyFile, String subject, String san, String eku) {
        BedFiles.write(outDir.resolve(name + ".ext"), """
                basicConstraints = CA:FALSE
                keyUsage = critical,digitalSignature,keyEncipherment
                extendedKeyUsage = %s
                subjectAltName = %s
                """.formatted(eku, san), "rw-r--r--");
        tools.check(
                "make the request of " + name,
                openssl(outDir, "req", "-new", "-key", keyFile, "-subj", subject, "-out", name + ".csr"));
        tools.check(
                "sign " + name,
                openssl(
                        outDir,
                        "x509",
                        "-req",
                        "-in",
                        name + ".csr",
                        "-CA",
                        caDir.resolve("ca.pem").toString(),
                        "-CAkey",
                        caDir.resolve("ca.key").toString(),
                        "-set_serial",
                        serial(),
                        "-days",
                        "30",
                        "-extfile",
                        name + ".ext",
                        "-out",
                        name + ".pem"));
    }

    private static Command openssl(Path workDir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("/usr/bin/openssl");
        argv.addAll(List.of(args));
        // OPENSSL_CONF=/dev/null: the machine's openssl.cnf must not change what the bed makes.
        return Command.of(argv, Tools.environment(java.util.Map.of("OPENSSL_CONF", "/dev/null")), OPENSSL_TIMEOUT)
                .withWorkingDirectory(workDir);
    }

    private static String serial() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        b[0] &= 0x7f;
        return "0x" + HexFormat.of().formatHex(b);
    }

    // ---------------------------------------------------------------- what the bed made

    public Path dir() {
        return dir;
    }

    public String serverHostName() {
        return serverHostName;
    }

    /** The bed's FERRY CA certificate. */
    public Path caCertificate() {
        return dir.resolve("ca/ca.pem");
    }

    /** A directory holding only the bed CA as {@code ferry-ca.pem}: the client's {@code ferry.caPath}. */
    public Path trustDirectory() {
        return dir.resolve("trust");
    }

    /** RSA key as PKCS#8 ({@code BEGIN PRIVATE KEY}), as openssl 3 writes it. */
    public ClientCredential client() {
        return new ClientCredential(dir.resolve("clients/client.pem"), dir.resolve("clients/client.key"), "RSA PKCS#8");
    }

    /** The same certificate with its key as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), as older grid hosts have it. */
    public ClientCredential clientPkcs1() {
        return new ClientCredential(
                dir.resolve("clients/client.pem"), dir.resolve("clients/client-pkcs1.key"), "RSA PKCS#1");
    }

    /** An EC (P-256) certificate, its key as SEC1 ({@code BEGIN EC PRIVATE KEY}) after an EC PARAMETERS block. */
    public ClientCredential clientEc() {
        return new ClientCredential(
                dir.resolve("clients/client-ec.pem"), dir.resolve("clients/client-ec.key"), "EC SEC1");
    }

    /** A certificate from a CA the FERRY stand-in does not trust: the handshake must fail. */
    public ClientCredential clientFromOtherCa() {
        return new ClientCredential(
                dir.resolve("clients/other-ca-client.pem"),
                dir.resolve("clients/other-ca-client.key"),
                "RSA PKCS#8, untrusted CA");
    }

    /** The server side: the server certificate and key, trusting only the bed CA for client certificates. */
    SSLContext serverContext() {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(
                            new PKCS8EncodedKeySpec(pemBlock(read(dir.resolve("server/server.key")), "PRIVATE KEY")));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(
                    "server", key, new char[0], new Certificate[] {certificate(dir.resolve("server/server.pem"))});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ferry-ca", certificate(caCertificate()));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new TestbedException("cannot load the FERRY stand-in's server certificate from " + dir + ": " + e, e);
        }
    }

    static X509Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static byte[] pemBlock(String text, String type) {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw new TestbedException("no " + type + " block in PEM text");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void copy(Path from, Path to) {
        BedFiles.write(to, read(from), "rw-r--r--");
    }
}
