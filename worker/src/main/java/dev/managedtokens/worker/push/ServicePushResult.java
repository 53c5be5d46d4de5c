package dev.managedtokens.worker.push;

import dev.managedtokens.worker.Failure;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * All pushes of a service, per node and file, in request order (node by node: vault token, service vault token,
 * role file).
 *
 * @param roleFileFailure why no role file was sent at all (it could not be written), or null
 */
public record ServicePushResult(ServicePushRequest request, List<FilePushResult> pushes, Failure roleFileFailure) {

    public ServicePushResult {
        pushes = List.copyOf(pushes);
    }

    /** Every vault-token push succeeded; role-file failures do not count. */
    public boolean succeeded() {
        return pushes.stream().filter(p -> p.file().isVaultToken()).allMatch(FilePushResult::succeeded);
    }

    /** Nodes where at least one vault-token push failed, in node order. */
    public List<String> failedNodes() {
        Set<String> failed = new LinkedHashSet<>();
        pushes.stream().filter(p -> p.file().isVaultToken() && !p.succeeded()).forEach(p -> failed.add(p.node()));
        return List.copyOf(failed);
    }

    /** Nodes where both vault-token pushes succeeded, in node order. */
    public List<String> succeededNodes() {
        List<String> failed = failedNodes();
        return request.nodes().stream().filter(n -> !failed.contains(n)).toList();
    }

    /** The failed vault-token pushes of one node (up to two), for its push error notification. */
    public List<FilePushResult> failedVaultTokenPushes(String node) {
        return pushes.stream()
                .filter(p -> p.node().equals(node) && p.file().isVaultToken() && !p.succeeded())
                .toList();
    }
}
