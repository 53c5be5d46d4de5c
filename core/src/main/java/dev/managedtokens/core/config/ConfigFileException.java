package dev.managedtokens.core.config;

import java.nio.file.Path;

/** The configuration file could not be found, read, or is in a format we do not read; the message is one line. */
public final class ConfigFileException extends Exception {

    public enum Reason {
        NOT_FOUND,
        UNREADABLE,
        UNSUPPORTED_FORMAT,
        TOO_LARGE
    }

    private final Reason reason;
    private final Path file;

    public ConfigFileException(Reason reason, Path file, String message) {
        super(message);
        this.reason = reason;
        this.file = file;
    }

    public Reason reason() {
        return reason;
    }

    /** The file concerned, or null when the search found none. */
    public Path file() {
        return file;
    }
}
