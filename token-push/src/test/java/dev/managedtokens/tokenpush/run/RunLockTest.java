package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {

    @Test
    void lockFileSitsNextToTheDatabase() {
        assertTrue(RunLock.lockFileFor(Path.of("/var/lib/managed-tokens/uid.db")).toString()
                .equals("/var/lib/managed-tokens/uid.db.lock"));
    }

    @Test
    void secondAcquireInTheSameJvmIsRefusedWithTheHoldersPid(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("uid.db.lock");
        try (RunLock first = RunLock.acquire(file, Instant.parse("2026-11-23T10:00:00Z"))) {
            RunLock.LockHeldException e = assertThrows(RunLock.LockHeldException.class,
                    () -> RunLock.acquire(file, Instant.now()));
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
        Process holder = new ProcessBuilder(List.of("python3", "-c",
                "import fcntl,sys,time,os\n"
                        + "f=open(sys.argv[1],'a+'); fcntl.lockf(f, fcntl.LOCK_EX)\n"
                        + "f.seek(0); f.truncate(); f.write('pid %d started then\\n' % os.getpid()); f.flush()\n"
                        + "open(sys.argv[2],'w').close()\n"
                        + "sys.stdin.read()\n",
                file.toString(), ready.toString())).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(ready) && System.nanoTime() < deadline && holder.isAlive()) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            assertTrue(Files.exists(ready), "the holder process did not take the lock");
            RunLock.LockHeldException e = assertThrows(RunLock.LockHeldException.class,
                    () -> RunLock.acquire(file, Instant.now()));
            assertTrue(e.getMessage().contains("pid " + holder.pid()), e.getMessage());
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(20, TimeUnit.SECONDS);
        }
        assertDoesNotThrow(() -> RunLock.acquire(file, Instant.now()).close());
    }
}
