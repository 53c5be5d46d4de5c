package dev.managedtokens.core.scratch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what runs that were killed (SIGKILL, a crash, a power cut) left in the temporary directories: scratch
 * entries of ours ({@link ScratchNames}) owned by this account whose maker is no longer alive. Tickets and token
 * copies must not outlive their run. An entry of a live process, of another account, or behind a symbolic link
 * is never touched.
 */
public final class LeftoverSweep {

    private static final Logger log = LoggerFactory.getLogger(LeftoverSweep.class);

    /** The prefixes of every scratch name we make. */
    private static final List<String> OURS = List.of("managed-tokens", "managed_tokens_");

    private LeftoverSweep() {}

    /** Sweeps each directory (not recursively); returns what was removed. Never throws. */
    public static List<Path> sweep(Collection<Path> directories) {
        List<Path> removed = new ArrayList<>();
        Object me = ownerOf(Path.of("/proc/self"));
        for (Path dir : directories) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) continue;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                    p -> isLeftover(p.getFileName().toString()))) {
                for (Path entry : entries) {
                    if (me != null && me.equals(ownerOf(entry)) && remove(entry)) removed.add(entry);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("could not look for leftovers of killed runs in {}: {}", dir, e.toString());
            }
        }
        if (!removed.isEmpty()) {
            log.info("Removed {} leftover(s) of killed runs: {}", removed.size(), removed);
        }
        return removed;
    }

    static boolean isLeftover(String name) {
        if (OURS.stream().noneMatch(name::startsWith)) return false;
        OptionalLong maker = ScratchNames.maker(name);
        return maker.isPresent() && maker.getAsLong() != ProcessHandle.current().pid()
                && ProcessHandle.of(maker.getAsLong()).map(p -> !p.isAlive()).orElse(true);
    }

    private static Object ownerOf(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Deletes a file, a link (not its target) or a directory tree without following links. */
    private static boolean remove(Path entry) {
        try {
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                Files.walkFileTree(entry, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.delete(entry);
            }
            return true;
        } catch (IOException e) {
            log.warn("could not remove {}, left by a killed run: {}", entry, e.toString());
            return false;
        }
    }
}
