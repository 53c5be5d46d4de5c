package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @Test
    void lockFileSitsNextToTheDatabase() {
        assertTrue(RunLock.lockFileFor(Path.of("/var/lib/managed-tokens/uid.db"))
                .toString()
                .equals("/var/lib/managed-tokens/uid.db.lock"));
    }

    @Test
    void secondAcquireInTheSameJvmIsRefusedWithTheHoldersPid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("uid.db.lock");
        try (RunLock first = RunLock.acquire(file, Instant.parse("2026-11-23T10:00:00Z"))) {
            RunLock.LockHeldException e =
                    assertThrows(RunLock.LockHeldException.class, () -> RunLock.acquire(file, Instant.now()));
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("2026-11-23T10:00:00Z"), e.getMessage());
        }
        assertDoesNotThrow(() -> RunLock.acquire(file, Instant.now()).close());
    }

    @Test
    void lockHeldByAnotherProcessIsRefusedAndFreedWhenItDies(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("uid.db.lock");
        Path ready = dir.resolve("ready");
        // flock(1) holds the same kind of lock Java's FileChannel takes on Linux (OFD/fcntl vs flock differ, so use
        // a second JVM-independent holder: python's fcntl.lockf takes a POSIX record lock like Java's).
        Process holder = new ProcessBuilder(List.of(
                        "python3",
                        "-c",
                        "import fcntl,sys,time,os\n"
                                + "f=open(sys.argv[1],'a+'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                                + "f.seek(0); f.truncate(); f.write('pid %d started then\\n' % os.getpid()); f.flush()\n"
                                + "open(sys.argv[2],'w').close()\n"
                                + "sys.stdin.read()\n",
                        file.toString(),
                        ready.toString()))
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertTrue(Files.exists(ready), "the holder process did not take the lock");
            RunLock.LockHeldException e =
                    assertThrows(RunLock.LockHeldException.class, () -> RunLock.acquire(file, Instant.now()));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(20, TimeUnit.SECONDS);
        }
        assertDoesNotThrow(() -> RunLock.acquire(file, Instant.now()).close());
    }

    @Test
    void aNewLockFileIsCreated0644WithTheHolder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("uid.db.lock");
        try (RunLock lock = RunLock.acquire(file, Instant.parse("2026-11-23T10:00:00Z"))) {
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertTrue(Files.readString(file)
                    .startsWith("pid " + ProcessHandle.current().pid() + " started"));
        }
    }

    @Test
    void aLockFileLinkedToAnotherFileOfTheAccountIsRefusedAndTheTargetIsUntouched(@TempDir Path dir) throws Exception {
        // The link a careless or hostile hand could leave: pointing at the account's keytab.
        Path keytab = Files.write(dir.resolve("svc.keytab"), new byte[] {5, 2, 0, 1, 42});
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        Path file = Files.createSymbolicLink(dir.resolve("uid.db.lock"), keytab);
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> RunLock.acquire(file, Instant.now()));
        assertTrue(
                e.getMessage().startsWith("the run lock file " + file + " is a symbolic link (to " + keytab + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("rm " + file), e.getMessage());
        assertArrayEquals(new byte[] {5, 2, 0, 1, 42}, Files.readAllBytes(keytab));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keytab)));
        assertTrue(Files.isSymbolicLink(file));
    }

    @Test
    void aDanglingLinkIsNotFollowedToCreateItsTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("created-through-the-link");
        Path file = Files.createSymbolicLink(dir.resolve("uid.db.lock"), target);
        assertThrows(UnsafePathException.class, () -> RunLock.acquire(file, Instant.now()));
        assertTrue(Files.notExists(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLockFileOfAnotherAccountIsRefusedAndKeepsItsBytesAndMode(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("uid.db.lock"), "not ours\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        int someoneElse = OwnedPaths.currentUid() == 0 ? 4242 : 0;
        UnsafePathException e =
                assertThrows(UnsafePathException.class, () -> RunLock.acquire(file, Instant.now(), someoneElse));
        assertTrue(e.getMessage().contains("not by this account (uid " + someoneElse + ")"), e.getMessage());
        assertEquals("not ours\n", Files.readString(file));
        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aLockFileWithASecondNameIsRefusedAndTheOtherNameKeepsItsBytes(@TempDir Path dir) throws Exception {
        Path other = Files.writeString(dir.resolve("token"), "hvs.secret");
        Path file = Files.createLink(dir.resolve("uid.db.lock"), other);
        assertThrows(UnsafePathException.class, () -> RunLock.acquire(file, Instant.now()));
        assertEquals("hvs.secret", Files.readString(other));
    }

    @Test
    void ourOwnLockFileWritableByOthersIsMade0644(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("uid.db.lock"), "pid 1 started then\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        RunLock.acquire(file, Instant.now()).close();
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
