package dev.managedtokens.notify;

import java.util.Objects;
import java.util.Optional;

/**
 * The count an error left a service (or a service on a node) at this run, as the database stores it: after the
 * threshold is reached and the message goes out it is 0. The value of
 * {@code managed_tokens_current_setup_error_count{service}} (no node) or
 * {@code managed_tokens_current_push_error_count{service,node}}. Only counted errors set these, as in the Go service.
 */
public record ErrorCountGauge(String service, Optional<String> node, int count) {
    public ErrorCountGauge {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
    }
}
