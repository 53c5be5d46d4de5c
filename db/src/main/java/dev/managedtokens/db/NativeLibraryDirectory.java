package dev.managedtokens.db;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.scratch.ScratchNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where sqlite-jdbc unpacks its native library: a private directory of this process in {@code java.io.tmpdir},
 * named as every scratch entry of ours is, instead of the driver's {@code sqlite-<version>-<uuid>-...so} and its
 * {@code .lck} file loose in that directory. The driver removes both when the JVM exits normally, and this
 * directory goes right after them. A killed run's copy (about 1.5 MB a time) would otherwise stay for good: the
 * driver only clears old copies that have no {@code .lck} file, and a killed JVM leaves it. Named as ours, the
 * next run's sweep removes the whole directory once its maker is gone.
 *
 * <p>One stable file per account was the other way; it needs its own checks that nobody swapped the library
 * before loading it, and an upgrade while a run holds it open. A directory per process needs neither.
 */
final class NativeLibraryDirectory {

    /** The driver's setting for where it unpacks; read once, when it first loads. */
    static final String PROPERTY = "org.sqlite.tmpdir";

    private static final Logger log = LoggerFactory.getLogger(NativeLibraryDirectory.class);

    private static boolean prepared;

    private NativeLibraryDirectory() {}

    /** Makes the directory and points the driver at it, once, before the first connection; never throws. */
    static synchronized void prepare() {
        if (prepared) return;
        prepared = true;
        if (System.getProperty(PROPERTY) != null) return; // chosen by whoever started the JVM: theirs to keep
        Path parent = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        try {
            OwnedPaths.requireSafeTempRoot(parent, OwnedPaths.currentUid());
            Path dir = Files.createTempDirectory(
                    parent,
                    ScratchNames.prefix("managed_tokens_sqlite"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Registered before the driver registers its files, so deleted after them (the JVM goes in reverse).
            dir.toFile().deleteOnExit();
            System.setProperty(PROPERTY, dir.toString());
        } catch (IOException | RuntimeException e) {
            log.debug("SQLite unpacks its native library in {} as it does by default: {}", parent, e.toString());
        }
    }
}
