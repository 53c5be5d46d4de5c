package dev.managedtokens.core.files;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every file and directory we write goes through, so that all modules refuse the same things: a
 * symbolic link where we expect a file or directory (it would send our write, truncation or chmod to whatever it
 * points at), a file or directory another account owns (it could read or swap what we put there), and a
 * temporary directory others can write into without the sticky bit. Attributes are read with {@code lstat}
 * (never through a link); a refusal is an {@link UnsafePathException} whose one-line message names the path and
 * the fix, and leaves the path exactly as it was.
 */
public final class OwnedPaths {

    public static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private OwnedPaths() {}

    /** The UID of this process: the account every file we create belongs to. */
    public static int currentUid() {
        return (int) new UnixSystem().getUid();
    }

    /** A path's {@code lstat}, or empty when nothing is there. */
    public static Optional<Stat> lstat(Path path) throws IOException {
        try {
            Map<String, Object> a =
                    Files.readAttributes(path, "unix:uid,mode,nlink,owner,fileKey", LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Stat(
                    path,
                    (Integer) a.get("uid"),
                    (Integer) a.get("mode"),
                    (Integer) a.get("nlink"),
                    ((UserPrincipal) a.get("owner")).getName(),
                    a.get("fileKey")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code dir} is a directory (not a link to one) that {@code uid} owns.
     *
     * @param what what the directory is for, as the message names it (e.g. "the private XDG_RUNTIME_DIR")
     */
    public static Stat requireOwnedDirectory(Path dir, int uid, String what) throws IOException {
        Stat s = lstat(dir).orElseThrow(() -> new NoSuchFileException(dir.toString(), null, what + " is missing"));
        refuseLink(s, what);
        if (!s.isDirectory()) {
            throw new UnsafePathException(
                    dir,
                    what + " " + dir + " is " + s.kind() + ", not a directory; it was left"
                            + " as it is: remove it (rm " + dir + ") so that it can be created again");
        }
        refuseForeign(s, uid, what);
        return s;
    }

    /**
     * {@code file} is a regular file (not a link, FIFO or device) that {@code uid} owns and that has no other name:
     * a second hard link would make a write to it a write to some other file too.
     */
    public static Stat requireOwnedFile(Path file, int uid, String what) throws IOException {
        Stat s = lstat(file).orElseThrow(() -> new NoSuchFileException(file.toString(), null, what + " is missing"));
        refuseLink(s, what);
        if (!s.isRegularFile()) {
            throw new UnsafePathException(
                    file,
                    what + " " + file + " is " + s.kind() + ", not a regular file; it was"
                            + " left as it is: remove it (rm " + file + ") so that it can be created again");
        }
        refuseForeign(s, uid, what);
        if (s.nlink() != 1) {
            throw new UnsafePathException(
                    file,
                    what + " " + file + " has " + s.nlink() + " names (hard links), so"
                            + " writing it would change another file too; it was left as it is: remove this name (rm "
                            + file + ") so that it can be created again");
        }
        return s;
    }

    /**
     * Nothing is at {@code file}, or a file of ours that we may replace (by renaming a new one over it). A link or
     * another account's file there is refused: replacing it would hide what someone else put there on purpose.
     */
    public static void requireReplaceable(Path file, int uid, String what) throws IOException {
        if (lstat(file).isPresent()) requireOwnedFile(file, uid, what);
    }

    /**
     * Creates {@code dir} with mode 0700 if nothing is there; otherwise requires it to be our own directory and
     * makes it 0700. The mode is changed through a descriptor opened without following links, so even a link
     * swapped in after the check is not followed.
     */
    public static Path ensurePrivateDirectory(Path dir, int uid, String what) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            // Checked below: mkdir(2) never follows a link, so whatever is there was there before us.
        }
        Stat s = requireOwnedDirectory(dir, uid, what);
        if ((s.mode() & 07777) != 0700) {
            Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(PRIVATE_DIRECTORY);
        }
        return dir;
    }

    /**
     * The run's temporary directory ({@code $TMPDIR}) is safe to create private files in: a real directory (not a
     * link), owned by this account and not writable by others unless sticky; or a shared sticky directory that
     * root owns, such as {@code /tmp}. In a directory someone else owns, or one others may write into without the
     * sticky bit, they could rename, remove or replace what this run puts there.
     */
    public static void requireSafeTempRoot(Path dir, int uid) throws IOException {
        String what = "the temporary directory (TMPDIR)";
        String instead = "set TMPDIR to a directory of this account (mkdir -m 700 ~/tmp) or unset it to use /tmp";
        Optional<Stat> found = lstat(dir);
        if (found.isEmpty()) {
            throw new UnsafePathException(dir, what + " " + dir + " does not exist; " + instead);
        }
        Stat s = found.get();
        if (s.isSymbolicLink()) {
            throw new UnsafePathException(
                    dir, what + " " + dir + " is a symbolic link (to " + linkTarget(dir) + "); " + instead);
        }
        if (!s.isDirectory()) {
            throw new UnsafePathException(dir, what + " " + dir + " is " + s.kind() + ", not a directory; " + instead);
        }
        boolean sticky = (s.mode() & STICKY) != 0;
        if (s.uid() == uid) {
            if ((s.mode() & GROUP_OR_OTHERS_WRITE) != 0 && !sticky) {
                throw new UnsafePathException(
                        dir,
                        what + " " + dir + " (" + s.describe() + ") is writable by others"
                                + " without the sticky bit, so they could replace this run's files: chmod go-w " + dir
                                + " (or chmod +t " + dir + ")");
            }
            return;
        }
        if (s.uid() == 0 && sticky) {
            return; // /tmp, /var/tmp: only root and a file's owner may remove or rename a file there
        }
        throw new UnsafePathException(
                dir,
                what + " " + dir + " is owned by " + s.ownerName() + " (uid " + s.uid() + "), not by this account (uid "
                        + uid + "), so its owner could replace this run's files; " + instead);
    }

    /**
     * Reads a file of ours without following a link: the same checks as {@link #requireOwnedFile}, then an open
     * with {@code O_NOFOLLOW}, then a second look that it is still the file that was checked.
     */
    public static byte[] readOwnedFile(Path file, int uid, String what) throws IOException {
        Stat before = requireOwnedFile(file, uid, what);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(what + " " + file + " is too large (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read until full or end of file
            }
            Stat after = lstat(file).orElse(null);
            if (after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
                throw new UnsafePathException(
                        file,
                        what + " " + file + " was replaced while it was being read;" + " check who else writes into "
                                + file.toAbsolutePath().getParent());
            }
            return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
        }
    }

    private static void refuseLink(Stat s, String what) throws UnsafePathException {
        if (s.isSymbolicLink()) {
            throw new UnsafePathException(
                    s.path(),
                    what + " " + s.path() + " is a symbolic link (to "
                            + linkTarget(s.path()) + "); it is not followed and was left as it is: remove the link (rm "
                            + s.path() + ") so that a real one can be created");
        }
    }

    private static void refuseForeign(Stat s, int uid, String what) throws UnsafePathException {
        if (s.uid() != uid) {
            throw new UnsafePathException(
                    s.path(),
                    what + " " + s.path() + " is owned by " + s.ownerName()
                            + " (uid " + s.uid() + "), not by this account (uid " + uid
                            + "); it was left as it is: remove it"
                            + " or give it to this account (chown " + uid + " " + s.path() + ")");
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "an unreadable target";
        }
    }

    /**
     * What {@code lstat} says about a path.
     *
     * @param mode    {@code st_mode}: file type and permission bits
     * @param fileKey device and inode, to tell whether a path still names the same file
     */
    public record Stat(Path path, int uid, int mode, int nlink, String ownerName, Object fileKey) {

        public boolean isSymbolicLink() {
            return (mode & TYPE_MASK) == SYMLINK;
        }

        public boolean isDirectory() {
            return (mode & TYPE_MASK) == DIRECTORY;
        }

        public boolean isRegularFile() {
            return (mode & TYPE_MASK) == REGULAR;
        }

        /** The permission bits, e.g. {@code 0600}. */
        public int permissions() {
            return mode & 07777;
        }

        /** {@code owner alice (uid 1000), mode 0644}, for messages. */
        public String describe() {
            return "owner " + ownerName + " (uid " + uid + "), mode " + String.format("%04o", permissions());
        }

        String kind() {
            return switch (mode & TYPE_MASK) {
                case REGULAR -> "a regular file";
                case DIRECTORY -> "a directory";
                case SYMLINK -> "a symbolic link";
                case 0010000 -> "a FIFO";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                default -> "an unknown kind of file";
            };
        }
    }
}
