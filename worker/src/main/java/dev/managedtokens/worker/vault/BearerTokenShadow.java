package dev.managedtokens.worker.vault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes sure {@code $XDG_RUNTIME_DIR/bt_u<uid>} exists before the storer runs, so that HTCondor's bearer-token
 * discovery (BEARER_TOKEN, BEARER_TOKEN_FILE, {@code $XDG_RUNTIME_DIR/bt_u<euid>}, then {@code /tmp/bt_u<euid>})
 * stops in the service's private directory and never reaches {@code /tmp/bt_u<uid>}.
 *
 * <p>Why: the storer's first {@code condor_store_cred query-oauth} runs before htgettoken has written anything. In a
 * fresh private directory (the first run, every switch from the Go service) discovery would fall back to
 * {@code /tmp/bt_u<uid>}, which the Go service left behind for whichever service it stored last, and the credd
 * would answer the query for that service's identity. Deleting {@code /tmp/bt_u<uid>} is not ours to do (the account
 * may use it for other work, and it can reappear between our check and the call); shadowing it is, and works per
 * call without a race.
 *
 * <p>The placeholder is a line of text that is no token: a credd rejects it, and the client goes on to its next
 * authentication method (Kerberos, with the service's own ticket). It is never mistaken for a token by us either:
 * the storer replaces it with the service's bearer token as soon as htgettoken has one.
 */
public final class BearerTokenShadow {

    static final String PLACEHOLDER = "no-bearer-token-yet (managed-tokens placeholder; shadows /tmp/bt_u<uid>)\n";

    private BearerTokenShadow() {}

    /** Creates the placeholder (0600) unless a file is already there; an I/O problem is returned, not thrown. */
    public static String ensure(Path runtimeDir, int uid) {
        Path file = runtimeDir.resolve("bt_u" + uid);
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return null;
        try (SeekableByteChannel ch = Files.newByteChannel(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII)));
            return null;
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            return "cannot create the placeholder " + file + " (" + e + "), so HTCondor may authenticate the "
                    + "storer's first query with /tmp/bt_u" + uid;
        }
    }
}
