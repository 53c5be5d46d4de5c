package dev.managedtokens.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class OutputsTest {

    @Test
    void vaultTokensAndJwtsAreMasked() {
        String text = "token hvs.CAESIJabcdefghijklmnop and s.legacytoken123 and "
                + "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end";
        String redacted = Outputs.redact(text);
        assertFalse(redacted.contains("hvs.CAES"), redacted);
        assertFalse(redacted.contains("legacytoken"), redacted);
        assertFalse(redacted.contains("eyJ"), redacted);
        assertEquals("token <redacted> and <redacted> and <redacted> end", redacted);
    }

    @Test
    void lastLineSkipsBlankLines() {
        assertEquals(
                "condor_vault_storer: it broke", Outputs.lastLine("\nstarting\ncondor_vault_storer: it broke\n\n"));
        assertEquals("", Outputs.lastLine(""));
        assertEquals("ssh: Connection refused", Outputs.firstLine("\n  ssh: Connection refused\nrsync error: x\n"));
    }
}
