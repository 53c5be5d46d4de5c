package dev.managedtokens.worker;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Token files as we write them: mode 0600, written to a temporary file in the destination's own directory and
 * renamed over it, so a reader never sees half a token and a crash never leaves one. Nothing is read or
 * written through a symbolic link, and only the running account's own files are replaced (see {@link OwnedPaths}).
 */
public final class TokenFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private TokenFiles() {}

    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    }

    public static FileAttribute<Set<PosixFilePermission>> ownerOnlyDir() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR);
    }

    /**
     * Replaces {@code destination} with {@code content}, atomically, mode 0600. A link or another account's file
     * at {@code destination} is refused ({@link UnsafePathException}) and left as it is.
     */
    public static void writeAtomically(Path destination, byte[] content) throws IOException {
        OwnedPaths.requireReplaceable(destination, OwnedPaths.currentUid(), "the token file");
        Path dir = destination.toAbsolutePath().getParent();
        Path temp = createPrivateFile(dir, "." + destination.getFileName() + ".", ".tmp", content);
        try {
            moveReplacing(temp, destination);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Replaces {@code destination} with a copy of {@code source}, atomically, mode 0600. The source is read only if
     * it is a regular file of ours, opened without following a link: a link planted there would otherwise copy
     * whatever it points at into the token store and on to the nodes.
     */
    public static void copyAtomically(Path source, Path destination) throws IOException {
        writeAtomically(destination, OwnedPaths.readOwnedFile(source, OwnedPaths.currentUid(), "the token file"));
    }

    /**
     * A new 0600 file {@code <dir>/<prefix><random><suffix>} holding {@code content}: created with
     * O_CREAT|O_EXCL (never through a link, never an existing file) and written through that same descriptor, so
     * nothing can be swapped in between creating and writing.
     */
    public static Path createPrivateFile(Path dir, String prefix, String suffix, byte[] content) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path file = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong()) + suffix);
            FileChannel channel;
            try {
                channel = FileChannel.open(
                        file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnlyFile());
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
                continue;
            }
            try (channel) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) channel.write(buf);
                channel.force(true);
                return file;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    /**
     * Renames within one file system; falls back to copy and delete across devices. Either way the name
     * {@code destination} is replaced, never written through; a link or another account's file there is refused.
     */
    public static void moveReplacing(Path source, Path destination) throws IOException {
        OwnedPaths.requireReplaceable(destination, OwnedPaths.currentUid(), "the token file");
        try {
            Files.move(source, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.copy(
                    source,
                    destination,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
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
