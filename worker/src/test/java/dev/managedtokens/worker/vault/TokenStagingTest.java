package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStagingTest {

    @TempDir
    Path dir;

    Path tmp;
    Path root;
    Path condor;
    Path stored;

    @BeforeEach
    void setUp() throws IOException {
        tmp = Files.createDirectories(dir.resolve("tmp"));
        root = Files.createDirectories(dir.resolve("tokens"));
        condor = VaultPaths.condorLocation(tmp, 1000, "svc");
        stored = VaultPaths.storedToken(root, 1000, "credd1", "svc");
    }

    @Test
    void stagingWithoutAStoredTokenLeavesNothingAtTheCondorLocation() {
        assertEquals(TokenStaging.Staged.NOTHING_STORED, TokenStaging.stage(stored, condor));
        assertFalse(Files.exists(condor));
    }

    @Test
    void stagingCopiesTheStoredTokenOwnerOnlyAndKeepsTheStore() throws IOException {
        Files.writeString(stored, "hvs.stored");

        assertEquals(TokenStaging.Staged.STAGED, TokenStaging.stage(stored, condor));
        assertEquals("hvs.stored", Files.readString(condor));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(condor)));
        assertEquals("hvs.stored", Files.readString(stored));
    }

    @Test
    void storeBackReplacesTheStoredTokenAndClearsTheCondorLocation() throws IOException {
        Files.writeString(stored, "hvs.old");
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(condor, "hvs.new");

        TokenStaging.storeBack(condor, stored);

        assertEquals("hvs.new", Files.readString(stored));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        assertFalse(Files.exists(condor));
    }

    @Test
    void storeBackToAMissingDirectoryIsAnErrorAndKeepsTheToken() throws IOException {
        Files.writeString(condor, "hvs.new");
        assertThrows(IOException.class, () -> TokenStaging.storeBack(condor, dir.resolve("missing/vt_u1000-c-svc")));
        assertEquals("hvs.new", Files.readString(condor));
    }

    @Test
    void storeBackFromAMissingSourceIsAnError() {
        assertThrows(NoSuchFileException.class, () -> TokenStaging.storeBack(condor, stored));
        assertFalse(Files.exists(stored));
    }

    @Test
    void backupMovesTheFileAsideAndRestorePutsItBack() throws IOException {
        assertNull(TokenStaging.backup(condor, tmp), "nothing to back up");

        Files.writeString(condor, "operator's own");
        Path backup = TokenStaging.backup(condor, tmp);
        assertFalse(Files.exists(condor));
        assertTrue(backup.getFileName().toString().startsWith("managed_tokens_condor_vault_token"));

        Files.writeString(condor, "left by the storer");
        assertEquals(condor, TokenStaging.restore(backup, condor, tmp, "svc"));
        assertEquals("operator's own", Files.readString(condor));
        assertFalse(Files.exists(backup));
    }

    @Test
    void aBackupThatCannotGoBackIsKeptUnderALastResortName() throws IOException {
        Path backup = tmp.resolve("managed_tokens_condor_vault_token123");
        Files.writeString(backup, "operator's own");

        Path kept = TokenStaging.restore(backup, dir.resolve("gone/vt_u1000-svc"), tmp, "svc");

        assertTrue(kept.getFileName().toString().startsWith("managed_tokens_vt_bak-svc-"), kept.toString());
        assertEquals("operator's own", Files.readString(kept));
    }

    @Test
    void aLinkAtTheCondorLocationIsUnsafeAndIsNeitherMovedNorFollowed() throws IOException {
        Path keytab = Files.writeString(dir.resolve("svc.keytab"), "keys");
        Files.createSymbolicLink(condor, keytab);
        String why = TokenStaging.unsafeCondorLocation(condor).orElseThrow();
        assertTrue(why.startsWith("the condor vault token location " + condor + " is a symbolic link"), why);
        assertNull(TokenStaging.backup(condor, tmp));
        assertTrue(Files.isSymbolicLink(condor));
        assertEquals("keys", Files.readString(keytab));
    }

    @Test
    void aFifoAtTheCondorLocationIsUnsafe() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", condor.toString()).start().waitFor());
        assertTrue(TokenStaging.unsafeCondorLocation(condor).orElseThrow().contains("is a FIFO"));
    }

    @Test
    void nothingOrOurOwnTokenAtTheCondorLocationIsSafe() throws IOException {
        assertTrue(TokenStaging.unsafeCondorLocation(condor).isEmpty());
        Files.writeString(condor, "hvs.ours");
        assertTrue(TokenStaging.unsafeCondorLocation(condor).isEmpty());
    }

    @Test
    void storeBackFromALinkDoesNotCopyItsTarget() throws IOException {
        Path keytab = Files.writeString(dir.resolve("svc.keytab"), "keys");
        Files.writeString(stored, "hvs.old");
        Files.createSymbolicLink(condor, keytab);
        assertThrows(IOException.class, () -> TokenStaging.storeBack(condor, stored));
        assertEquals("hvs.old", Files.readString(stored));
    }
}
