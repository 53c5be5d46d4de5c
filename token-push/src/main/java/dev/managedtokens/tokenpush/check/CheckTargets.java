package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TokenGetter;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.ServicePlan;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.plan.ServiceUid;
import dev.managedtokens.worker.schedd.ScheddDiscovery;
import dev.managedtokens.worker.schedd.VaultServerLookup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place the check reads a service's settings: it asks the run's own planner (so UID, principal, vault
 * server, credds and the role file are what the run would use) and takes the rest from the resolved settings.
 * When the planner cannot resolve a service the check still probes every link it can, from the settings alone.
 */
final class CheckTargets {

    private CheckTargets() {}

    /**
     * @param database   opened read-only, or empty with {@code dbProblem}
     * @param discovery  shared with the pool probe, so each collector is asked once
     * @param workingDir where a relative token root is, as for the run
     */
    static List<CheckTarget> resolve(
            Config config,
            List<ServiceSettings> selected,
            Optional<ManagedTokensDatabase> database,
            String dbProblem,
            ScheddDiscovery discovery,
            VaultServerLookup vaultServers,
            Map<String, String> environment,
            Path workingDir,
            Path tmpRoot,
            int runUid) {
        Map<String, ServicePlan> plans = new ServicePlanner(
                        config,
                        database,
                        dbProblem,
                        discovery,
                        vaultServers,
                        environment,
                        RunMode.NORMAL,
                        List.of(), // the check tests each link itself: only the services' identities are wanted
                        tmpRoot,
                        runUid)
                .plan(selected).stream().collect(Collectors.toMap(p -> p.name().configName(), Function.identity()));
        // The run's private XDG_RUNTIME_DIRs (RuntimeDirectories): <database dir>/xdg-runtime/<service>.
        Path runtimeRoot =
                Path.of(config.dbLocation()).toAbsolutePath().getParent().resolve("xdg-runtime");
        List<CheckTarget> targets = new ArrayList<>();
        for (ServiceSettings s : selected) {
            ServicePlan plan = plans.get(s.service().configName());
            OptionalLong uid = ServiceUid.of(
                    s, account -> database.map(db -> db.uid(account)).orElse(OptionalLong.empty()));
            Optional<String> principal =
                    s.userPrincipal().isOk() && !s.userPrincipal().value().isEmpty()
                            ? Optional.of(s.userPrincipal().value())
                            : Optional.empty();
            Optional<String> problem = Optional.empty();
            String figure = "";
            Optional<String> roleFile = Optional.empty();
            if (plan instanceof ServicePlan.Ready ready) {
                PlannedService p = ready.service();
                uid = OptionalLong.of(p.uid());
                principal = Optional.of(p.principal());
                roleFile = p.roleFileDestination();
                figure = "UID " + p.uid() + ", vault server " + p.vaultServer();
            } else if (plan instanceof ServicePlan.Unresolvable u) {
                problem = Optional.of(u.reason());
            }
            Path tokenRoot = workingDir.resolve(s.tokenRoot()).toAbsolutePath().normalize();
            targets.add(new CheckTarget(
                    s.service().configName(),
                    s.service().name(),
                    s.service().role(),
                    s.account(),
                    problem,
                    figure,
                    uid,
                    principal,
                    Path.of(s.keytabPath()),
                    s.tokenGetter() == TokenGetter.STORE_AND_GET_TOKEN,
                    String.join(",", s.collectorHosts()),
                    s.scheddConstraint(),
                    s.creddOverride(),
                    tokenRoot,
                    runtimeRoot.resolve(s.service().name()),
                    s.destinationNodes(),
                    OptionMerger.pingOptions(s.pingOptions()),
                    OptionMerger.sshOptions(s.sshOptions()),
                    roleFile));
        }
        return targets;
    }
}
