package dev.managedtokens.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("vt_u1000-svc");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        TokenFiles.writeAtomically(target, "hvs.new".getBytes());

        assertEquals("hvs.new", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the token itself is left");
        }
    }

    @Test
    void writingIntoAMissingDirectoryFails() {
        assertThrows(IOException.class, () -> TokenFiles.writeAtomically(dir.resolve("missing/vt"), "x".getBytes()));
    }

    @Test
    void aLinkAtTheDestinationIsRefusedAndNeitherItNorItsTargetChanges() throws IOException {
        Path keytab = Files.writeString(dir.resolve("svc.keytab"), "keys");
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("vt_u1000-svc"), keytab);
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> TokenFiles.writeAtomically(link, "hvs.new".getBytes()));
        assertTrue(e.getMessage().startsWith("the token file " + link + " is a symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keys", Files.readString(keytab));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left");
        }
    }

    @Test
    void aLinkedSourceIsNotCopied() throws IOException {
        // A link where the storer's token should be, pointing at a secret of the account: never copied to the store.
        Path keytab = Files.writeString(dir.resolve("svc.keytab"), "keys");
        Path source = Files.createSymbolicLink(dir.resolve("vt_u1000-svc"), keytab);
        Path store = dir.resolve("stored");
        assertThrows(UnsafePathException.class, () -> TokenFiles.copyAtomically(source, store));
        assertTrue(Files.notExists(store));
    }

    @Test
    void anotherAccountsFileAtTheDestinationIsRefused() throws IOException {
        if (OwnedPaths.currentUid() != 0) return; // only root can give a file away
        Path target = Files.writeString(dir.resolve("vt_u1000-svc"), "theirs");
        Files.setAttribute(target, "unix:uid", 4242);
        assertThrows(UnsafePathException.class, () -> TokenFiles.writeAtomically(target, "hvs.new".getBytes()));
        assertEquals("theirs", Files.readString(target));
    }

    @Test
    void aPrivateFileIsCreatedNewWithItsContent() throws IOException {
        Path f = TokenFiles.createPrivateFile(dir, "role_", "", "production\n".getBytes());
        assertTrue(f.getFileName().toString().startsWith("role_"));
        assertEquals("production\n", Files.readString(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }
}
