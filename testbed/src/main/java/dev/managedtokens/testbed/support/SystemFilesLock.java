package dev.managedtokens.testbed.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises changes to machine-wide files (/etc/hosts, /etc/passwd through useradd) between beds, in this JVM and
 * in others: several modules' integration tests may bring beds up at the same time on one machine.
 */
public final class SystemFilesLock {

    private static final Path LOCK_FILE = Files.isDirectory(Path.of("/run/lock"))
            ? Path.of("/run/lock/managed-tokens-testbed.lock")
            : Path.of("/var/tmp/managed-tokens-testbed.lock");

    // A JVM cannot hold two overlapping FileLocks, so threads of one JVM queue here first.
    private static final ReentrantLock IN_JVM = new ReentrantLock();

    private SystemFilesLock() {}

    public static <T> T holding(Supplier<T> action) {
        if (IN_JVM.isHeldByCurrentThread()) {
            return action.get();
        }
        IN_JVM.lock();
        try (FileChannel channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + LOCK_FILE + ": " + e.getMessage(), e);
        } finally {
            IN_JVM.unlock();
        }
    }

    public static void holding(Runnable action) {
        holding(() -> {
            action.run();
            return null;
        });
    }
}
