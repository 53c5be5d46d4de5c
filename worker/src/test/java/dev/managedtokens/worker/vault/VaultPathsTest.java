package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VaultPathsTest {

    private static final Path TMP = Path.of("/tmp");
    private static final Path ROOT = Path.of("/var/lib/managed-tokens/tokens");

    @Test
    void namesAsTheGoServiceAndHtcondorGiveThem() {
        assertEquals(Path.of("/tmp/vt_u5000-dune_production"), VaultPaths.condorLocation(TMP, 5000, "dune_production"));
        assertEquals(
                ROOT.resolve("vt_u5000-credd1-dune_production"),
                VaultPaths.storedToken(ROOT, 5000, "credd1", "dune_production"));
        assertEquals(
                ROOT.resolve("vt_u5000-dune_production"), VaultPaths.storedToken(ROOT, 5000, null, "dune_production"));
    }

    @Test
    void aNameThatWouldLeaveTheDirectoryIsRefused() {
        // Validation bypassed: "x/../../../etc/cron.d/x_production" must not become a path under /etc.
        assertThrows(
                IllegalArgumentException.class,
                () -> VaultPaths.condorLocation(TMP, 5000, "x/../../../etc/cron.d/x_production"));
        assertThrows(
                IllegalArgumentException.class,
                () -> VaultPaths.storedToken(ROOT, 5000, "../../../etc", "dune_production"));
    }
}
