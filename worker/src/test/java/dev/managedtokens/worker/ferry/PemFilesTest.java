package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Key forms the JDK can make itself; openssl's forms (PKCS#1, SEC1) are read in FerryTlsIT from the bed's PKI. */
class PemFilesTest {

    @Test
    void pkcs8KeysOfEitherAlgorithmAreRead() throws Exception {
        for (String alg : new String[] {"RSA", "EC"}) {
            KeyPairGenerator gen = KeyPairGenerator.getInstance(alg);
            if (alg.equals("EC")) gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            PrivateKey key = PemFiles.privateKey("junk before\n" + pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            assertEquals(alg, key.getAlgorithm());
            assertTrue(java.util.Arrays.equals(pair.getPrivate().getEncoded(), key.getEncoded()));
        }
    }

    @Test
    void encryptedKeysAreRefusedWithTheFix() {
        IllegalArgumentException legacy = assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n"
                        + "-----END RSA PRIVATE KEY-----\n"));
        assertTrue(legacy.getMessage().contains("encrypted") && legacy.getMessage().contains("openssl pkey"));
        assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(
                pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3})));
    }

    @Test
    void textWithoutAKeySaysWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PemFiles.privateKey("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
        assertTrue(e.getMessage().contains("BEGIN RSA PRIVATE KEY"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PemFiles.privateKey(pem("PRIVATE KEY", new byte[] {48, 0})));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
