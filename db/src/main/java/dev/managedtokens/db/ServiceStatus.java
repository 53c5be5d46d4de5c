package dev.managedtokens.db;

import java.util.List;

/**
 * What the database knows about one service.
 *
 * @param service         the service's configName as written
 * @param setupErrorCount the consecutive setup-error count ({@code setup_errors}), 0 when there is no row
 * @param nodes           every node with a push-error row or a recorded push for this service, sorted by name
 */
public record ServiceStatus(String service, int setupErrorCount, List<NodeStatus> nodes) {

    public ServiceStatus {
        nodes = List.copyOf(nodes);
    }
}
