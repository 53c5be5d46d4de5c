package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a set of token files looked like: content digest, modification time and inode of each, so a test can say
 * "still there, not rewritten" (a rewrite with the same bytes changes the time or the inode) or "written since".
 */
final class FileStates {

    /** One file's state; never holds the token itself. */
    record State(String sha256, FileTime modified, Object inode) {}

    private final Map<Path, State> states;

    private FileStates(Map<Path, State> states) {
        this.states = states;
    }

    /** Snapshots files that must exist now. */
    static FileStates of(List<Path> files) {
        Map<Path, State> m = new LinkedHashMap<>();
        for (Path p : files) {
            assertTrue(Files.isRegularFile(p), "precondition: " + p + " should hold a good token before the run");
            m.put(p, state(p));
        }
        return new FileStates(m);
    }

    /** Every file is still there with the same bytes, and was not rewritten. */
    void assertUnchanged(String context) {
        states.forEach((p, before) -> {
            assertTrue(Files.isRegularFile(p), context + ": good token " + p + " was removed");
            assertEquals(before, state(p), context + ": good token " + p + " was rewritten or changed");
        });
    }

    static State state(Path p) {
        try {
            byte[] bytes = Files.readAllBytes(p);
            return new State(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    Files.getLastModifiedTime(p),
                    Files.getAttribute(p, "unix:ino"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes files a run is expected to write, so that finding them afterwards proves this run wrote them (rsync
     * skips a file whose size and modification second match, so a time check could not tell).
     */
    static void removeBeforeRun(List<Path> files) {
        for (Path p : files) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** {@code p} exists and holds the same bytes as {@code source}: this token was pushed there. */
    static void assertLanded(Path p, Path source, String context) {
        assertTrue(Files.isRegularFile(p), context + ": " + p + " did not land");
        assertEquals(state(source).sha256(), state(p).sha256(), context + ": " + p + " is not the token " + source);
    }
}
