package dev.managedtokens.db;

import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of pushing a service's token to one node, as recorded in our push history.
 *
 * @param service   the service's configName ({@code <experiment>_<role>})
 * @param node      the destination node, as configured
 * @param at        when the push ended
 * @param succeeded whether the token arrived
 */
public record PushAttempt(String service, String node, Instant at, boolean succeeded) {

    public PushAttempt {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(at, "at");
    }
}
