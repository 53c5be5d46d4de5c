package dev.managedtokens.notify;

import java.util.Objects;

/**
 * A vault token that could not be pushed to one node; the only kind of error stakeholders are told about.
 *
 * @param service the configName {@code E_R}
 * @param node the node name as configured
 * @param message one line; shown in the table of the stakeholder and admin emails
 */
public record PushError(String service, String node, String message) {
    public PushError {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(message, "message");
    }
}
