package dev.managedtokens.testbed.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;

/** File chores of a bed: files and directories with explicit modes and owners, and recursive removal. */
public final class BedFiles {

    private BedFiles() {}

    /**
     * Creates {@code dir} (and parents) and sets its mode, e.g. {@code rwxr-xr-x}, or {@code rwxrwxrwt} for a
     * sticky world-writable directory like /tmp; the umask does not apply.
     */
    public static Path directory(Path dir, String mode) {
        try {
            Files.createDirectories(dir);
            if (mode.endsWith("t")) {
                // PosixFilePermission has no sticky bit; the unix view sets the full mode.
                int bits = 01000;
                for (var p : PosixFilePermissions.fromString(mode.substring(0, 8) + "x")) {
                    bits |= 1 << (8 - p.ordinal());
                }
                Files.setAttribute(dir, "unix:mode", bits);
            } else {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create directory " + dir + " with mode " + mode + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content} to {@code file} and sets its mode. */
    public static Path write(Path file, String content, String mode) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Gives {@code path} to the user and group with these numeric ids (accounts made for the bed). */
    public static void chown(Path path, int uid, int gid) {
        try {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to uid " + uid + ": " + e.getMessage(), e);
        }
    }

    /** Gives {@code path} to a user by name; used where only the name is known. */
    public static void chown(Path path, String user) {
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setOwner(lookup.lookupPrincipalByName(user));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + user + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code root} and everything below it, without following symbolic links; absent is fine. */
    public static void deleteRecursively(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) throw e;
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage() + "; remove it by hand", e);
        }
    }
}
