package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.files.OwnedPaths;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-service XDG_RUNTIME_DIRs next to the database, against real directories and links. */
class RuntimeDirectoriesTest {

    @TempDir
    Path dir;

    private String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void eachServiceGetsItsOwn0700Directory() throws Exception {
        RuntimeDirectories dirs = new RuntimeDirectories(dir.resolve("uid.db"));
        Path a = dirs.forService("dune_production");
        assertEquals(dir.resolve("xdg-runtime/dune_production"), a);
        assertEquals("rwx------", mode(a));
        assertEquals("rwx------", mode(dir.resolve("xdg-runtime")));
    }

    @Test
    void anExistingDirectoryOfOursIsMade0700() throws Exception {
        Path a = Files.createDirectories(dir.resolve("xdg-runtime/dune_production"));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxr-xr-x"));
        new RuntimeDirectories(dir.resolve("uid.db")).forService("dune_production");
        assertEquals("rwx------", mode(a));
    }

    @Test
    void aLinkedServiceDirectoryIsRefusedAndItsTargetKeepsItsMode() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir.resolve("xdg-runtime"));
        Path link = Files.createSymbolicLink(dir.resolve("xdg-runtime/dune_production"), elsewhere);
        UncheckedIOException e = assertThrows(
                UncheckedIOException.class,
                () -> new RuntimeDirectories(dir.resolve("uid.db")).forService("dune_production"));
        assertTrue(
                e.getMessage()
                        .startsWith("the private XDG_RUNTIME_DIR of dune_production " + link
                                + " is a symbolic link (to " + elsewhere + ")"),
                e.getMessage());
        assertEquals("rwxr-xr-x", mode(elsewhere));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aLinkedParentIsRefusedToo() throws Exception {
        Path elsewhere = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(dir.resolve("xdg-runtime"), elsewhere);
        assertThrows(
                UncheckedIOException.class,
                () -> new RuntimeDirectories(dir.resolve("uid.db")).forService("dune_production"));
        assertEquals("rwxr-xr-x", mode(elsewhere));
        assertTrue(Files.notExists(elsewhere.resolve("dune_production")));
    }

    @Test
    void aDirectoryOfAnotherAccountIsRefusedAndKeepsItsMode() throws Exception {
        Path a = Files.createDirectories(dir.resolve("xdg-runtime/dune_production"));
        Files.setPosixFilePermissions(dir.resolve("xdg-runtime"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(a, PosixFilePermissions.fromString("rwxrwxrwx"));
        int someoneElse = OwnedPaths.currentUid() == 0 ? 4242 : 0;
        if (OwnedPaths.currentUid() == 0) {
            // Root can hand the directory to someone else: the run's account (root) then does not own it.
            Files.setAttribute(a, "unix:uid", someoneElse);
            UncheckedIOException e = assertThrows(
                    UncheckedIOException.class,
                    () -> new RuntimeDirectories(dir.resolve("uid.db")).forService("dune_production"));
            assertTrue(e.getMessage().contains("is owned by"), e.getMessage());
        } else {
            assertThrows(
                    UncheckedIOException.class,
                    () -> new RuntimeDirectories(dir.resolve("uid.db"), someoneElse).forService("dune_production"));
        }
        assertEquals("rwxrwxrwx", mode(a));
    }
}
