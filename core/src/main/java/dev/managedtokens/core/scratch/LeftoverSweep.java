package dev.managedtokens.core.scratch;

import dev.managedtokens.core.files.OwnedPaths;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what runs that were killed (SIGKILL, the OOM killer, a power cut) left in the temporary directories:
 * entries named as {@link ScratchNames} names them, owned by this account, whose maker is no longer running. Such
 * a run had no chance to remove its Kerberos tickets and token copies, and they must not outlive it.
 *
 * <p>A file set aside from the storer's condor location is put back there, as the killed call would have done,
 * rather than removed: it may be the only copy of a token.
 *
 * <p>What is never touched: an entry a live process may still use (so concurrent runs of one account leave each
 * other alone), another account's entry, any name we did not tag (the Go service's, a backup kept on purpose
 * because it could not be put back), and whatever a symbolic link points at (the link itself is removed; trees
 * are walked without following links).
 */
public final class LeftoverSweep {

    private static final Logger log = LoggerFactory.getLogger(LeftoverSweep.class);

    /** Where the storer's staged token copies go whatever TMPDIR says: HTCondor's fixed place. */
    static final Path CONDOR_TMP = Path.of("/tmp");

    private LeftoverSweep() {}

    /**
     * Sweeps every place a run makes scratch entries: {@code tmpRoot} ({@code $TMPDIR} or {@code /tmp}),
     * {@code /tmp} (staged token copies) and {@code java.io.tmpdir} (the SQLite native library). Never throws.
     *
     * @return what was removed
     */
    public static List<Path> atRunStart(Path tmpRoot) {
        Set<Path> places = new LinkedHashSet<>();
        places.add(tmpRoot.toAbsolutePath().normalize());
        places.add(CONDOR_TMP);
        String javaTmp = System.getProperty("java.io.tmpdir");
        if (javaTmp != null && !javaTmp.isBlank())
            places.add(Path.of(javaTmp).toAbsolutePath().normalize());
        return sweep(places);
    }

    /** Sweeps the entries directly in each directory. Never throws. */
    public static List<Path> sweep(Collection<Path> directories) {
        return sweep(directories, CONDOR_TMP);
    }

    /**
     * Sweeps the entries directly in each directory; files set aside from {@code setAsideHome} (see
     * {@link ScratchNames#setAsidePrefix}) are put back there. Never throws.
     */
    static List<Path> sweep(Collection<Path> directories, Path setAsideHome) {
        int uid = OwnedPaths.currentUid();
        List<Path> removed = new ArrayList<>();
        for (Path dir : directories) {
            try {
                // Only where no other account can swap an entry between our check and our removal.
                OwnedPaths.requireSafeTempRoot(dir, uid);
            } catch (IOException e) {
                log.debug("not looking for leftovers of earlier runs in {}: {}", dir, e.getMessage());
                continue;
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    Optional<ScratchNames.Maker> maker =
                            ScratchNames.maker(entry.getFileName().toString());
                    if (maker.isEmpty() || maker.get().mayBeAlive() || !ownedBy(entry, uid)) continue;
                    Optional<String> from =
                            ScratchNames.setAsideFrom(entry.getFileName().toString());
                    if (from.isPresent() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                        putBack(
                                entry,
                                setAsideHome.resolve(from.get()),
                                uid,
                                maker.get().pid());
                        continue;
                    }
                    if (remove(entry)) {
                        log.info(
                                "Removed {}, left by an earlier run (pid {}) that ended without cleaning up",
                                entry,
                                maker.get().pid());
                        removed.add(entry);
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not look for leftovers of earlier runs in {}: {}", dir, e.toString());
            }
        }
        if (!removed.isEmpty()) {
            log.info("Removed {} leftover(s) of earlier runs", removed.size());
        }
        return removed;
    }

    /**
     * Does what the killed run's call would have done at its end: puts the set-aside file back where it was,
     * replacing what the call left there (a staged copy of a stored token, or a storer's output), but only when that
     * is nothing or our own regular file. Otherwise the file is kept, under a name no sweep removes, for the
     * operator to look at: a token is never deleted here.
     */
    private static void putBack(Path setAside, Path original, int uid, long makerPid) {
        try {
            OwnedPaths.requireReplaceable(original, uid, "the place a killed run set a file aside from");
            // A rename replaces a link planted at the original meanwhile, never what it points at.
            Files.move(setAside, original, StandardCopyOption.REPLACE_EXISTING);
            log.warn(
                    "Put {} back at {}, where an earlier run (pid {}) that ended during a storer call had set it aside",
                    setAside,
                    original,
                    makerPid);
            return;
        } catch (IOException e) {
            Path kept = setAside.resolveSibling("managed_tokens_vt_bak-" + original.getFileName() + "-"
                    + OffsetDateTime.now(ZoneOffset.UTC)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            try {
                Files.move(setAside, kept);
                log.warn(
                        "Kept {} as {}: an earlier run (pid {}) set it aside from {} and could not put it back ({});"
                                + " move it back or remove it",
                        setAside,
                        kept,
                        makerPid,
                        original,
                        e.getMessage());
            } catch (IOException e2) {
                log.warn(
                        "Left {} where it is: an earlier run (pid {}) set it aside from {}, which cannot take it back"
                                + " ({}), and it cannot be renamed ({})",
                        setAside,
                        makerPid,
                        original,
                        e.getMessage(),
                        e2.toString());
            }
        }
    }

    private static boolean ownedBy(Path entry, int uid) {
        try {
            return OwnedPaths.lstat(entry).map(s -> s.uid() == uid).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a file, a link (never its target) or a directory tree, without following any link. */
    private static boolean remove(Path entry) {
        try {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                // walkFileTree follows no link unless asked: a link inside is visited, and deleted, as a file.
                Files.walkFileTree(entry, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                        if (exc != null) throw exc;
                        Files.deleteIfExists(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(entry);
            }
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            log.warn("could not remove {}, left by an earlier run: {}", entry, e.toString());
            return false;
        }
    }
}
