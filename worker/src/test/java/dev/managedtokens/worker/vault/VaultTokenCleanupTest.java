package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultTokenCleanupTest {

    @TempDir
    Path tmp;

    @Test
    void removesOnlyTheDefaultToken() throws IOException {
        Files.writeString(tmp.resolve("vt_u1000"), "hvs.default");
        Files.writeString(tmp.resolve("vt_u1000-svc"), "hvs.service");

        assertTrue(VaultTokenCleanup.removeDefaultToken(tmp, 1000));
        assertFalse(Files.exists(tmp.resolve("vt_u1000")));
        assertTrue(Files.exists(tmp.resolve("vt_u1000-svc")));
        assertFalse(VaultTokenCleanup.removeDefaultToken(tmp, 1000), "already gone is fine");
    }
}
