package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One token-push at a time per database: two runs would race on the same token files, caches and error counts.
 * An advisory lock ({@code flock}/{@code fcntl}) on a file next to the database; the kernel releases it when the
 * holder dies, so a crashed run never blocks the next one. The file holds the holder's pid and start time, only
 * for the message a second run prints.
 */
public final class RunLock implements AutoCloseable {

    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");

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
     * @throws LockHeldException   when another live process holds it
     * @throws UnsafePathException when the lock file is a link, another account's file or not a plain file; it is
     *                             left exactly as it is
     * @throws IOException         when the lock file cannot be created or opened
     */
    public static RunLock acquire(Path lockFile, Instant now) throws IOException, LockHeldException {
        return acquire(lockFile, now, OwnedPaths.currentUid());
    }

    /** {@link #acquire(Path, Instant)} for a lock file that must belong to {@code uid}. */
    static RunLock acquire(Path lockFile, Instant now, int uid) throws IOException, LockHeldException {
        FileChannel channel = open(lockFile, uid);
        try {
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
            channel.write(
                    ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " started " + now + "\n")
                            .getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The lock file, opened for writing only if it is ours. The first run creates it with O_CREAT|O_EXCL, which
     * never follows a link; later runs check it with lstat (our own regular file, one name) and open it with
     * O_NOFOLLOW. Whatever fails the check is neither truncated nor chmod'ed: a link here once made a run truncate
     * and chmod its target.
     */
    private static FileChannel open(Path lockFile, int uid) throws IOException {
        try {
            return FileChannel.open(
                    lockFile,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(MODE));
        } catch (FileAlreadyExistsException e) {
            // There from an earlier run (or planted): checked below before anything is written.
        }
        OwnedPaths.Stat checked = OwnedPaths.requireOwnedFile(lockFile, uid, "the run lock file");
        FileChannel channel = FileChannel.open(
                lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            OwnedPaths.Stat opened = OwnedPaths.requireOwnedFile(lockFile, uid, "the run lock file");
            if (!Objects.equals(checked.fileKey(), opened.fileKey())) {
                throw new UnsafePathException(
                        lockFile,
                        "the run lock file " + lockFile + " was replaced while it"
                                + " was being opened; check who else writes into "
                                + lockFile.toAbsolutePath().getParent());
            }
            // Ours: 0600 and 0644 both do; anything else (others could write the holder line) becomes 0644.
            if (opened.permissions() != 0644 && opened.permissions() != 0600) {
                Files.getFileAttributeView(lockFile, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(MODE);
            }
            return channel;
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
