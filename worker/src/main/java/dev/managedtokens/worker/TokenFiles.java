package dev.managedtokens.worker;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Token files as we write them: mode 0600, written to a temporary file in the destination's own directory and
 * renamed over it, so a reader never sees half a token and a crash never leaves one.
 */
public final class TokenFiles {

    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private TokenFiles() {}

    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    }

    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyDir() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR);
    }

    /** Replaces {@code destination} with {@code content}, atomically, mode 0600. */
    public static void writeAtomically(Path destination, byte[] content) throws IOException {
        Path dir = destination.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + destination.getFileName() + ".", ".tmp", ownerOnlyFile());
        try {
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            moveReplacing(temp, destination);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Replaces {@code destination} with a copy of {@code source}, atomically, mode 0600. */
    public static void copyAtomically(Path source, Path destination) throws IOException {
        writeAtomically(destination, Files.readAllBytes(source));
    }

    /** Renames within one file system; falls back to copy and delete across devices. */
    public static void moveReplacing(Path source, Path destination) throws IOException {
        try {
            Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.copy(source, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(source);
        }
    }

    /** Deletes a file or a whole directory tree; returns the problem as text, or null when all is gone. */
    public static String deleteRecursively(Path path) {
        try {
            if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (var children = Files.list(path)) {
                    for (Path child : (Iterable<Path>) children::iterator) {
                        String problem = deleteRecursively(child);
                        if (problem != null) return problem;
                    }
                }
            }
            Files.deleteIfExists(path);
            return null;
        } catch (IOException e) {
            return "could not remove " + path + ": " + e;
        }
    }
}
