package dev.managedtokens.core.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared rule against real files: links, other owners, hard links, modes. */
class OwnedPathsTest {

    private static final int ME = OwnedPaths.currentUid();
    /** An account that owns none of the test's files, when the rule is checked for someone else. */
    private static final int SOMEONE_ELSE = ME == 0 ? 4242 : 0;

    @TempDir
    Path dir;

    @Test
    void ourOwnRegularFileIsAccepted() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        assertEquals(ME, OwnedPaths.requireOwnedFile(f, ME, "the test file").uid());
    }

    @Test
    void aLinkToOurOwnFileIsRefusedAndTheTargetKeepsItsBytesAndMode() throws Exception {
        Path target = Files.writeString(dir.resolve("keytab"), "secret");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> OwnedPaths.requireOwnedFile(link, ME, "the lock file"));
        assertTrue(
                e.getMessage().startsWith("the lock file " + link + " is a symbolic link (to " + target + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("rm " + link), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertThrows(UnsafePathException.class, () -> OwnedPaths.readOwnedFile(link, ME, "the token"));
        assertThrows(UnsafePathException.class, () -> OwnedPaths.requireReplaceable(link, ME, "the token"));
        assertEquals("secret", Files.readString(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void anotherAccountsFileIsRefusedWithItsOwnerAndTheFix() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        UnsafePathException e = assertThrows(
                UnsafePathException.class, () -> OwnedPaths.requireOwnedFile(f, SOMEONE_ELSE, "the lock file"));
        assertTrue(
                e.getMessage().contains("(uid " + ME + "), not by this account (uid " + SOMEONE_ELSE + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("chown " + SOMEONE_ELSE + " " + f), e.getMessage());
    }

    @Test
    void aFileWithASecondNameIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Files.createLink(dir.resolve("g"), f);
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> OwnedPaths.requireOwnedFile(f, ME, "the lock file"));
        assertTrue(e.getMessage().contains("has 2 names"), e.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mk = new ProcessBuilder(List.of("mkfifo", fifo.toString())).start();
        assertEquals(0, mk.waitFor());
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> OwnedPaths.readOwnedFile(fifo, ME, "the vault token"));
        assertTrue(e.getMessage().contains("is a FIFO, not a regular file"), e.getMessage());
    }

    @Test
    void readOwnedFileReadsOurFile() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "hvs.token");
        assertArrayEquals("hvs.token".getBytes(), OwnedPaths.readOwnedFile(f, ME, "the token"));
    }

    @Test
    void nothingThereIsReplaceable() {
        assertDoesNotThrow(() -> OwnedPaths.requireReplaceable(dir.resolve("absent"), ME, "the token"));
    }

    @Test
    void privateDirectoryIsCreated0700AndAnExistingOneOfOursIsMade0700() throws Exception {
        Path made = OwnedPaths.ensurePrivateDirectory(dir.resolve("new"), ME, "the runtime directory");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)));
        Path loose = Files.createDirectory(dir.resolve("loose"));
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxrwxrwx"));
        OwnedPaths.ensurePrivateDirectory(loose, ME, "the runtime directory");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(loose)));
    }

    @Test
    void aLinkedDirectoryIsRefusedAndItsTargetKeepsItsMode() throws Exception {
        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("svc"), target);
        UnsafePathException e = assertThrows(
                UnsafePathException.class,
                () -> OwnedPaths.ensurePrivateDirectory(link, ME, "the private XDG_RUNTIME_DIR"));
        assertTrue(
                e.getMessage().startsWith("the private XDG_RUNTIME_DIR " + link + " is a symbolic link"),
                e.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void anotherAccountsDirectoryIsRefusedAndKeepsItsMode() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThrows(UnsafePathException.class, () -> OwnedPaths.ensurePrivateDirectory(d, SOMEONE_ELSE, "the dir"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
    }

    // ------------------------------------------------------------------------------------------- TMPDIR

    @Test
    void tmpItselfIsASafeTempRootForAnyAccount() {
        assertDoesNotThrow(() -> OwnedPaths.requireSafeTempRoot(Path.of("/tmp"), ME));
        assertDoesNotThrow(() -> OwnedPaths.requireSafeTempRoot(Path.of("/tmp"), 4242));
    }

    @Test
    void ourOwnPrivateTempRootIsSafe() throws Exception {
        Path t = Files.createDirectory(dir.resolve("tmp"));
        assertDoesNotThrow(() -> OwnedPaths.requireSafeTempRoot(t, ME));
    }

    @Test
    void aTempRootOwnedByAnotherAccountIsRefused() throws Exception {
        Path t = Files.createDirectory(dir.resolve("tmp"));
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> OwnedPaths.requireSafeTempRoot(t, SOMEONE_ELSE));
        assertTrue(e.getMessage().startsWith("the temporary directory (TMPDIR) " + t + " is owned by"), e.getMessage());
        assertTrue(e.getMessage().contains("unset it to use /tmp"), e.getMessage());
    }

    @Test
    void aStickyTempRootOwnedByAnotherAccountThatIsNotRootIsRefused() throws Exception {
        if (ME != 0) return; // needs chown
        Path t = Files.createDirectory(dir.resolve("tmp"));
        Files.setAttribute(t, "unix:uid", 4343, LinkOption.NOFOLLOW_LINKS);
        new ProcessBuilder(List.of("chmod", "1777", t.toString())).start().waitFor();
        assertThrows(UnsafePathException.class, () -> OwnedPaths.requireSafeTempRoot(t, 4242));
    }

    @Test
    void aWorldWritableTempRootWithoutTheStickyBitIsRefusedEvenWhenOurs() throws Exception {
        Path t = Files.createDirectory(dir.resolve("tmp"));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxrwxrwx"));
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> OwnedPaths.requireSafeTempRoot(t, ME));
        assertTrue(e.getMessage().contains("mode 0777) is writable by others without the sticky bit"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod go-w " + t), e.getMessage());
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(t)));
    }

    @Test
    void aLinkedTempRootIsRefused() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path t = Files.createSymbolicLink(dir.resolve("tmp"), real);
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> OwnedPaths.requireSafeTempRoot(t, ME));
        assertTrue(e.getMessage().contains("is a symbolic link (to " + real + ")"), e.getMessage());
    }

    @Test
    void aMissingTempRootIsRefused() {
        assertThrows(UnsafePathException.class, () -> OwnedPaths.requireSafeTempRoot(dir.resolve("none"), ME));
    }
}
