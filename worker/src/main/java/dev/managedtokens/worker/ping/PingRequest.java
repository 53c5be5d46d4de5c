package dev.managedtokens.worker.ping;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ping every node of one service.
 *
 * @param service     for messages
 * @param nodes       the service's destination nodes
 * @param pingArgs    the merged options without the node, e.g. {@code [-W, 5, -c, 1]}
 * @param environment what {@code ping} runs with
 * @param timeout     for all of the service's pings together
 */
public record PingRequest(
        String service, List<String> nodes, List<String> pingArgs, Map<String, String> environment, Duration timeout) {

    public PingRequest {
        nodes = List.copyOf(nodes);
        pingArgs = List.copyOf(pingArgs);
        environment = Map.copyOf(environment);
    }
}
