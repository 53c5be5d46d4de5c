package dev.managedtokens.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedactionTest {

    static final String VAULT = "hvs.CAESIJlU2x0YWx0eV9zZWNyZXRfdmF1bHRfdG9rZW4";
    static final String LEGACY = "s.a1b2c3d4e5f6g7h8";
    static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkdW5lcHJvIn0.c2lnbmF0dXJl";

    @Test
    void vaultTokensJwtsBearerAndPasswordsAreMasked() {
        String out = Redaction.redact("got " + VAULT + " and " + LEGACY + " then bearer " + JWT
                + " Authorization: Bearer abcdefgh12345678 password=hunter2 secret: \"two words\"");
        for (String secret : new String[] {VAULT, LEGACY, JWT, "abcdefgh12345678", "hunter2", "two words"}) {
            assertFalse(out.contains(secret), secret + " in " + out);
        }
        assertTrue(out.startsWith("got <redacted> and <redacted> then bearer <redacted>"), out);
        assertTrue(out.contains("password=<redacted>"), out);
    }

    @Test
    void ordinaryLinesAreUntouched() {
        for (String line : new String[] {
            "Successful nodes for dune_production: n1.fnal.gov, n2.fnal.gov",
            "Using config file /etc/managed-tokens/managedTokens.yml",
            "/tmp/vt_u1234-dune_production",
            "",
            "services.dune 3 s. later"
        }) {
            assertEquals(line, Redaction.redact(line));
        }
    }
}
