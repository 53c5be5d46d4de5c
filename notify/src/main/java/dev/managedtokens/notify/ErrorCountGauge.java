package dev.managedtokens.notify;

import java.util.Objects;
import java.util.Optional;

/**
 * The count an error brought a service (or a service on a node) to this run, before any reset at the threshold: the
 * value of {@code managed_tokens_current_setup_error_count{service}} (no node) or
 * {@code managed_tokens_current_push_error_count{service,node}}. Only counted errors set these, as in the Go service.
 */
public record ErrorCountGauge(String service, Optional<String> node, int count) {
    public ErrorCountGauge {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
    }
}
