package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.ServicePushRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The push of one service, finished by the planner: nodes, account, destinations, role file, the merged ssh and
 * rsync options and the retries. What only the run knows is bound at push time: which local token to send (the
 * token step has just written it), the nodes that did not answer ping, the credential cache and the time left.
 *
 * @param options    with no {@code KRB5CCNAME}; its timeout is the configured {@code pushTimeout}
 * @param tokenRoot  where the token step leaves the tokens the push chooses from
 * @param credds     the credds whose tokens may be sent, for store services; null for getToken services
 * @param runUid     the UID running token-push, in the local token names
 */
public record PushPlan(
        String service,
        int uid,
        String account,
        List<String> nodes,
        String role,
        Optional<String> roleFileDestination,
        Path tmpDir,
        PushOptions options,
        Path tokenRoot,
        List<String> credds,
        int runUid) {

    public PushPlan {
        nodes = List.copyOf(nodes);
        credds = credds == null ? null : List.copyOf(credds);
    }

    /** The worker's request for this run. */
    public ServicePushRequest bind(Path sourceToken, Set<String> unpingableNodes, String krb5ccname, Duration timeout) {
        PushOptions o = options;
        return new ServicePushRequest(
                service,
                uid,
                account,
                nodes,
                sourceToken,
                role,
                roleFileDestination.orElse(null),
                tmpDir,
                unpingableNodes,
                new PushOptions(
                        o.rsync(),
                        o.ssh(),
                        o.sshArgs(),
                        o.rsyncOptions(),
                        krb5ccname,
                        o.baseEnvironment(),
                        timeout,
                        o.numRetries(),
                        o.retrySleep()));
    }

    /** The vault token's two destinations on every node: fixed, not configurable. */
    public List<String> vaultTokenDestinations() {
        return List.of("/tmp/vt_u" + uid, "/tmp/vt_u" + uid + "-" + service);
    }
}
