package dev.managedtokens.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
