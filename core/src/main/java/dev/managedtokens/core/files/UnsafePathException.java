package dev.managedtokens.core.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A path we refuse to use: a symbolic link, another account's file, the wrong kind of file or a mode that lets
 * others in. The message is one line that names the path and says what to do; the path itself was not changed.
 */
public final class UnsafePathException extends IOException {

    private final Path path;

    public UnsafePathException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
