package dev.managedtokens.tokenpush.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * One token-push at a time per database: two runs would race on the same token files, caches and error counts.
 * An advisory lock ({@code flock}/{@code fcntl}) on a file next to the database; the kernel releases it when the
 * holder dies, so a crashed run never blocks the next one. The file holds the holder's pid and start time, only
 * for the message a second run prints.
 */
public final class RunLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file for a database file: {@code <db>.lock} beside it. */
    public static Path lockFileFor(Path database) {
        return database.resolveSibling(database.getFileName() + ".lock");
    }

    /**
     * Takes the lock or says who holds it.
     *
     * @throws LockHeldException when another live process holds it
     * @throws IOException       when the lock file cannot be created or opened
     */
    public static RunLock acquire(Path lockFile, Instant now) throws IOException, LockHeldException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            trySetMode(lockFile);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM (tests running two runs in-process)
            }
            if (lock == null) {
                String holder = readHolder(channel).orElse("an unknown process");
                channel.close();
                throw new LockHeldException("another token-push is running (" + holder + ", lock " + lockFile
                        + "); this run stops. If no token-push is running, the lock is stale only if a process"
                        + " still has the file open: check with 'fuser " + lockFile + "'");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " started " + now + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Optional<String> readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        channel.read(buf, 0);
        String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static void trySetMode(Path lockFile) {
        try {
            Files.setPosixFilePermissions(lockFile, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException e) {
            // Not ours to fix: the lock works whatever the mode.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another run holds the lock; the message names it. */
    public static final class LockHeldException extends Exception {
        public LockHeldException(String message) {
            super(message);
        }
    }
}
