package dev.managedtokens.tokenpush.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the check needs to know of one service, as the run would use it. Built by {@link CheckTargets} only.
 *
 * @param configName    {@code experiment_role} as configured (the key of {@code -s})
 * @param name          the service name of token files and credentials ({@code <experiment>_<role>})
 * @param setupProblem  why the run could not resolve the service (UID, principal, vault server, schedds); empty
 *                      when it can
 * @param setupFigure   what the run resolved (UID, vault server), for the setup line
 * @param uid           the account's UID on the nodes, when known
 * @param principal     the principal, when it resolved
 * @param collectorHosts the configured collectors, comma separated; empty for getToken services
 * @param creddOverride {@code condorCreddHost}, when set
 * @param tokenRoot     where the run keeps the service's token copies, absolute
 * @param runtimeDir    the service's private {@code XDG_RUNTIME_DIR} (not created by the check)
 * @param pingArgs      the merged ping options
 * @param sshArgs       the merged ssh options
 * @param roleFile      the rendered role-file destination on the nodes, when the run sends one
 */
record CheckTarget(
        String configName,
        String name,
        String role,
        String account,
        Optional<String> setupProblem,
        String setupFigure,
        OptionalLong uid,
        Optional<String> principal,
        Path keytab,
        boolean storesInCredds,
        String collectorHosts,
        Optional<String> scheddConstraint,
        Optional<String> creddOverride,
        Path tokenRoot,
        Path runtimeDir,
        List<String> nodes,
        List<String> pingArgs,
        List<String> sshArgs,
        Optional<String> roleFile) {

    public CheckTarget {
        nodes = List.copyOf(nodes);
        pingArgs = List.copyOf(pingArgs);
        sshArgs = List.copyOf(sshArgs);
    }
}
