package dev.managedtokens.core.config;

/** The file is not well-formed YAML or JSON; the parser stopped at {@link #location()}. */
final class ConfigSyntaxException extends Exception {
    private final Location location;

    ConfigSyntaxException(Location location, String message) {
        super(message);
        this.location = location;
    }

    Location location() {
        return location;
    }
}
