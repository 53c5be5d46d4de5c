package dev.managedtokens.notify;

import java.util.Objects;

/**
 * An error that is not about one node: a failed kinit, token, ping or push set-up of a service, or a run-level error.
 *
 * @param service the configName {@code E_R} of a service of the run, or a run-level key such as the executable name
 * @param message one line, shown as is to the admins
 */
public record SetupError(String service, String message) {
    public SetupError {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(message, "message");
    }
}
