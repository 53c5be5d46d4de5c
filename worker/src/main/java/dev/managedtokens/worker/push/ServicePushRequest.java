package dev.managedtokens.worker.push;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Push a service's vault token (twice) and role file to all its nodes.
 *
 * @param service             the service name {@code <experiment>_<role>} (upstream's {@code Name()}), in the
 *                            second destination
 * @param desiredUid          the UID in the destination names
 * @param account             the remote account
 * @param nodes               the destination nodes, in order
 * @param sourceToken         the vault token to push (see {@code SourceTokenFinder})
 * @param role                the role file's content is {@code <role>\n}
 * @param roleFileDestination the rendered role-file path on the nodes, or null to send no role file
 * @param tmpDir              where the 0600 role file is written for the push
 * @param unpingableNodes     nodes that failed their ping
 */
public record ServicePushRequest(
        String service,
        int desiredUid,
        String account,
        List<String> nodes,
        Path sourceToken,
        String role,
        String roleFileDestination,
        Path tmpDir,
        Set<String> unpingableNodes,
        PushOptions options) {

    public ServicePushRequest {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(sourceToken, "sourceToken");
        Objects.requireNonNull(tmpDir, "tmpDir");
        Objects.requireNonNull(options, "options");
        nodes = List.copyOf(nodes);
        role = role == null ? "" : role;
        unpingableNodes = unpingableNodes == null ? Set.of() : Set.copyOf(unpingableNodes);
    }

    /** {@code /tmp/vt_u<uid>}: fixed, not configurable. */
    public String vaultTokenDestination() {
        return "/tmp/vt_u" + desiredUid;
    }

    /** {@code /tmp/vt_u<uid>-<service>}: fixed, not configurable. */
    public String serviceVaultTokenDestination() {
        return "/tmp/vt_u" + desiredUid + "-" + service;
    }
}
