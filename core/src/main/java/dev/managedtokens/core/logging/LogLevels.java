package dev.managedtokens.core.logging;

import ch.qos.logback.classic.Level;

/** Logback levels under the names logrus gives them, which the Go service's log lines and Loki labels carry. */
final class LogLevels {

    private LogLevels() {}

    static String logrusName(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warning";
            case Level.INFO_INT -> "info";
            case Level.DEBUG_INT -> "debug";
            default -> "trace";
        };
    }
}
