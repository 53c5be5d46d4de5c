package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys and certificates as the real {@code openssl} writes them, and a few forms the JDK makes itself. */
class PemFilesTest {

    private static final Tools TOOLS = new Tools(new ProcessRunner(2));
    private static final String PASSPHRASE_ARG = "pass:not-in-any-config";

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeKeysWithOpenssl() {
        openssl(
                "an RSA key (PKCS#8)",
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                "rsa-pkcs8.pem");
        openssl("the RSA key as PKCS#1", "rsa", "-in", "rsa-pkcs8.pem", "-traditional", "-out", "rsa-pkcs1.pem");
        // What grid hosts keep: "openssl ecparam -genkey" writes an EC PARAMETERS block before the SEC1 key.
        openssl("an EC key (SEC1)", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec-sec1.pem");
        openssl("the EC key as PKCS#8", "pkey", "-in", "ec-sec1.pem", "-out", "ec-pkcs8.pem");
        openssl("an Ed25519 key", "genpkey", "-algorithm", "ED25519", "-out", "ed25519.pem");
        openssl(
                "the RSA key encrypted (PKCS#8)",
                "pkey",
                "-in",
                "rsa-pkcs8.pem",
                "-aes-256-cbc",
                "-passout",
                PASSPHRASE_ARG,
                "-out",
                "rsa-encrypted-pkcs8.pem");
        openssl(
                "the RSA key encrypted (PKCS#1, Proc-Type)",
                "rsa",
                "-in",
                "rsa-pkcs8.pem",
                "-traditional",
                "-aes128",
                "-passout",
                PASSPHRASE_ARG,
                "-out",
                "rsa-encrypted-pkcs1.pem");
        openssl(
                "the EC key encrypted (SEC1, Proc-Type)",
                "ec",
                "-in",
                "ec-sec1.pem",
                "-aes128",
                "-passout",
                PASSPHRASE_ARG,
                "-out",
                "ec-encrypted-sec1.pem");
        openssl(
                "a certificate of the RSA key",
                "req",
                "-x509",
                "-key",
                "rsa-pkcs8.pem",
                "-subj",
                "/CN=host.test",
                "-days",
                "2",
                "-out",
                "rsa-cert.pem");
        openssl(
                "a certificate of the EC key",
                "req",
                "-x509",
                "-key",
                "ec-sec1.pem",
                "-subj",
                "/CN=ec.test",
                "-days",
                "2",
                "-out",
                "ec-cert.pem");
    }

    @Test
    void pkcs1RsaAndPkcs8RsaAreTheSameKey() throws Exception {
        assertTrue(read("rsa-pkcs1.pem").startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        PrivateKey pkcs1 = PemFiles.privateKey(read("rsa-pkcs1.pem"));
        PrivateKey pkcs8 = PemFiles.privateKey(read("rsa-pkcs8.pem"));
        assertEquals("RSA", pkcs1.getAlgorithm());
        assertArrayEquals(pkcs8.getEncoded(), pkcs1.getEncoded());
    }

    @Test
    void sec1EcAfterItsParametersBlockIsTheSameKeyAsItsPkcs8Form() throws Exception {
        String sec1 = read("ec-sec1.pem");
        assertTrue(sec1.startsWith("-----BEGIN EC PARAMETERS-----") && sec1.contains("BEGIN EC PRIVATE KEY"), sec1);
        PrivateKey key = PemFiles.privateKey(sec1);
        assertEquals("EC", key.getAlgorithm());
        assertSameEcKey(PemFiles.privateKey(read("ec-pkcs8.pem")), key);
    }

    @Test
    void aSec1KeyWithoutItsCurveTakesTheParametersBlocksAndNeedsOne() throws Exception {
        String sec1 = read("ec-sec1.pem");
        String parameters = sec1.substring(0, sec1.indexOf("-----BEGIN EC PRIVATE KEY-----"));
        String key = sec1.substring(sec1.indexOf("-----BEGIN EC PRIVATE KEY-----"));
        ECPrivateKey full = ECPrivateKey.getInstance(der(key));
        // The same key with its [0] curve left out, as some tools write it.
        byte[] bare = new ECPrivateKey(256, full.getKey(), full.getPublicKey(), null).getEncoded();
        PrivateKey read = PemFiles.privateKey(parameters + pem("EC PRIVATE KEY", bare));
        assertSameEcKey(PemFiles.privateKey(read("ec-pkcs8.pem")), read);

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(pem("EC PRIVATE KEY", bare)));
        assertEquals("the EC private key names no curve and no EC PARAMETERS block precedes it", e.getMessage());
    }

    @Test
    void pkcs8KeysOfTheJdksAlgorithmsAreRead() throws Exception {
        for (String alg : new String[] {"RSA", "EC"}) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(alg);
            if (alg.equals("EC")) gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            PrivateKey key = PemFiles.privateKey(
                    "junk before\n" + pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            assertEquals(alg, key.getAlgorithm());
            assertArrayEquals(pair.getPrivate().getEncoded(), key.getEncoded());
        }
        assertTrue(PemFiles.privateKey(read("ed25519.pem")).getAlgorithm().startsWith("Ed"));
    }

    @Test
    void encryptedKeysOfEveryFormAreRefusedWithTheFix() throws Exception {
        for (String file : List.of("rsa-encrypted-pkcs8.pem", "rsa-encrypted-pkcs1.pem", "ec-encrypted-sec1.pem")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(read(file)), file);
            assertEquals(
                    "the private key is encrypted; FERRY needs an unencrypted key (decrypt it with"
                            + " 'openssl pkey -in KEY -out KEY.new')",
                    e.getMessage(),
                    file);
        }
        // A hand-made legacy header is recognised without trying to decrypt anything.
        IllegalArgumentException legacy = assertThrows(
                IllegalArgumentException.class,
                () -> PemFiles.privateKey(
                        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                                + "-----END RSA PRIVATE KEY-----\n"));
        assertTrue(legacy.getMessage().contains("encrypted"), legacy.getMessage());
    }

    @Test
    void anEncryptedHostKeyStopsTheSetUpWithOneLineNamingTheFile() throws Exception {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(
                dir.resolve("rsa-cert.pem"),
                trust.resolve("self.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path key = dir.resolve("rsa-encrypted-pkcs8.pem");
        FerrySetupException e = assertThrows(
                FerrySetupException.class, () -> FerryTls.clientCertificate(dir.resolve("rsa-cert.pem"), key, trust));
        assertEquals(
                "ferry.hostKey " + key + ": the private key is encrypted; FERRY needs an unencrypted key"
                        + " (decrypt it with 'openssl pkey -in KEY -out KEY.new')",
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        // The unencrypted SEC1 key and its certificate make a client identity.
        assertEquals(
                "CN=ec.test",
                FerryTls.clientCertificate(dir.resolve("ec-cert.pem"), dir.resolve("ec-sec1.pem"), trust)
                        .certificate()
                        .getSubjectX500Principal()
                        .getName());
    }

    @Test
    void certificateChainsComeInFileOrderPastKeysAndUnknownBlocks() throws Exception {
        String chain = read("ec-cert.pem") + "-----BEGIN SOMETHING ELSE-----\nAAAA\n-----END SOMETHING ELSE-----\n"
                + read("rsa-pkcs1.pem") + "between\n" + read("rsa-cert.pem");
        List<X509Certificate> certs = PemFiles.certificates(chain);
        List<String> subjects = new ArrayList<>();
        certs.forEach(c -> subjects.add(c.getSubjectX500Principal().getName()));
        assertEquals(List.of("CN=ec.test", "CN=host.test"), subjects);
        assertEquals(List.of(), PemFiles.certificates(read("rsa-pkcs8.pem")), "a key file holds no certificate");
        assertEquals(List.of(), PemFiles.certificates("not a certificate\n"));
        assertThrows(IllegalArgumentException.class, () -> PemFiles.certificates(pem("CERTIFICATE", new byte[] {1})));
    }

    @Test
    void textWithoutAKeySaysWhatWasExpected() throws Exception {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(read("rsa-cert.pem")));
        assertTrue(e.getMessage().contains("BEGIN RSA PRIVATE KEY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(pem("PRIVATE KEY", new byte[] {48, 0})));
    }

    /** The same private scalar on the same curve (the JDK encodes a key read from SEC1 with extra fields). */
    private static void assertSameEcKey(PrivateKey expected, PrivateKey actual) {
        java.security.interfaces.ECPrivateKey e = (java.security.interfaces.ECPrivateKey) expected;
        java.security.interfaces.ECPrivateKey a = (java.security.interfaces.ECPrivateKey) actual;
        assertEquals(e.getS(), a.getS());
        assertEquals(e.getParams().getCurve(), a.getParams().getCurve());
    }

    private static void openssl(String what, String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/openssl"));
        argv.addAll(List.of(args));
        // OPENSSL_CONF=/dev/null: the machine's openssl.cnf must not change what is made.
        TOOLS.check(
                what,
                Command.of(argv, Tools.environment(Map.of("OPENSSL_CONF", "/dev/null")), Tools.defaultTimeout())
                        .withWorkingDirectory(dir));
    }

    private static String read(String name) throws Exception {
        return Files.readString(dir.resolve(name));
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
