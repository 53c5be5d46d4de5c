package dev.managedtokens.worker.ping;

import java.util.List;

/** The pings of one service, one per node in the request's order. */
public record PingResult(PingRequest request, List<NodePingResult> nodes) {

    public PingResult {
        nodes = List.copyOf(nodes);
    }

    /** Every node answered. */
    public boolean succeeded() {
        return nodes.stream().allMatch(NodePingResult::succeeded);
    }

    /** The nodes that did not answer; pushes to them are not retried. */
    public List<String> unpingableNodes() {
        return nodes.stream()
                .filter(n -> !n.succeeded())
                .map(NodePingResult::node)
                .toList();
    }
}
