package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.Resolved;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TokenGetter;
import dev.managedtokens.core.config.VaultServerSource;
import dev.managedtokens.core.text.FieldTemplate;
import dev.managedtokens.core.text.TemplateException;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.worker.schedd.ScheddDiscovery;
import dev.managedtokens.worker.schedd.ScheddRequest;
import dev.managedtokens.worker.schedd.ScheddResult;
import dev.managedtokens.worker.schedd.VaultServerLookup;
import dev.managedtokens.worker.schedd.VaultServerResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves each selected service into a {@link PlannedService} (docs/run-flow.md, docs/pipeline-steps.md): the UID
 * from the override or the database, the principal, the vault server (environment, configuration, then
 * {@code condor_config_val}), the collector and schedds ({@code condor_status}, cached per collector and
 * constraint), then asks every registered step for its finished request. Services are resolved concurrently; a
 * service that cannot be resolved becomes {@link ServicePlan.Unresolvable}.
 */
public final class ServicePlanner {

    /** Where condor_vault_storer keeps its working token: the real script hard-codes /tmp. */
    public static final Path CONDOR_TMP = Path.of("/tmp");

    private static final Logger log = LoggerFactory.getLogger(ServicePlanner.class);

    private final Config config;
    private final Optional<ManagedTokensDatabase> database;
    private final String databaseProblem;
    private final ScheddDiscovery schedds;
    private final VaultServerLookup vaultServers;
    private final Map<String, String> environment;
    private final RunMode mode;
    private final List<? extends PlannableStep<?>> steps;
    private final Path tmpRoot;
    private final int runUid;

    /**
     * @param database        empty when it could not be opened; then only services with {@code desiredUIDOverride}
     *                        resolve
     * @param databaseProblem why the database is missing, for those services' reason
     * @param mode            how far the run goes (test mode plans no ping or push) and how the token tools talk
     * @param steps           the registered steps, which finish their own requests; none when only the services'
     *                        identities are wanted ({@code token-push check})
     * @param tmpRoot         Go's {@code os.TempDir()}: where htgettoken's and the push's scratch files go
     * @param runUid          the UID running token-push, in the local token names
     */
    public ServicePlanner(
            Config config,
            Optional<ManagedTokensDatabase> database,
            String databaseProblem,
            ScheddDiscovery schedds,
            VaultServerLookup vaultServers,
            Map<String, String> environment,
            RunMode mode,
            List<? extends PlannableStep<?>> steps,
            Path tmpRoot,
            int runUid) {
        this.mode = mode;
        this.steps = List.copyOf(steps);
        this.tmpRoot = tmpRoot;
        this.runUid = runUid;
        this.config = config;
        this.database = database;
        this.databaseProblem = databaseProblem;
        this.schedds = schedds;
        this.vaultServers = vaultServers;
        this.environment = Map.copyOf(environment);
    }

    /** Plans every service, in the order given back sorted by config name. */
    public List<ServicePlan> plan(List<ServiceSettings> services) {
        List<ServicePlan> plans = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServicePlan>> futures = new ArrayList<>();
            for (ServiceSettings s : services) {
                futures.add(executor.submit(() -> plan(s)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    plans.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    // A bug in resolving one service must not take the others down with it.
                    log.error("Resolving {} crashed", services.get(i).service().configName(), e.getCause());
                    plans.add(unresolvable(
                            services.get(i), "internal error while resolving the service: " + e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving services", e);
        }
        plans.sort(Comparator.comparing(p -> p.name().configName()));
        return plans;
    }

    ServicePlan plan(ServiceSettings s) {
        if (!s.problems().isEmpty()) {
            return unresolvable(s, String.join("; ", s.problems()));
        }
        OptionalLong uid;
        try {
            uid = uid(s);
        } catch (DatabaseException e) {
            // The file opened but this lookup failed (locked for too long, a page damaged since): this service
            // cannot run, the others still can.
            return unresolvable(
                    s,
                    "could not read the UID of account " + s.account() + " from the database: "
                            + e.getMessage() + "; set desiredUIDOverride for "
                            + s.service().configName()
                            + " or fix the database");
        }
        if (uid.isEmpty()) {
            return unresolvable(s, uidProblem(s));
        }
        if (!s.userPrincipal().isOk() || s.userPrincipal().value().isEmpty()) {
            return unresolvable(
                    s,
                    s.userPrincipal()
                            .failure()
                            .orElse(
                                    "Cannot have a blank userPrincipal: set kerberosPrincipalPattern or userPrincipalOverride"));
        }
        Duration lookupTimeout = config.timeouts().vaultStorer();
        String vaultServer;
        switch (s.vaultServer()) {
            case VaultServerSource.FromEnvironment env -> vaultServer = env.server();
            case VaultServerSource.FromConfig cfg -> vaultServer = cfg.server();
            case VaultServerSource.Invalid invalid -> {
                return unresolvable(s, invalid.reason());
            }
            case VaultServerSource.AskCondor ask -> {
                VaultServerResult r = vaultServers.lookup(environment, lookupTimeout);
                if (!r.succeeded()) {
                    return unresolvable(
                            s,
                            "Cannot proceed without vault server: "
                                    + r.failure().message());
                }
                vaultServer = r.vaultServer();
            }
        }

        String collector = "";
        List<String> credds = List.of();
        if (s.tokenGetter() == TokenGetter.STORE_AND_GET_TOKEN) {
            ScheddResult r = schedds.discover(new ScheddRequest(
                    String.join(",", s.collectorHosts()),
                    s.scheddConstraint().orElse(null),
                    s.creddOverride().orElse(null),
                    environment,
                    lookupTimeout));
            if (!r.succeeded()) {
                return unresolvable(
                        s, "Cannot proceed without schedds: " + r.failure().message());
            }
            collector = r.collector();
            credds = r.schedds();
        }

        Optional<String> roleFile = Optional.empty();
        Optional<String> roleFileProblem = Optional.empty();
        Resolved<FieldTemplate> template = s.roleFileDestination();
        if (template.isOk()) {
            try {
                roleFile = Optional.of(
                        template.value().render(roleFileFields(s, uid.getAsLong(), vaultServer, collector, credds)));
            } catch (TemplateException e) {
                roleFileProblem =
                        Optional.of("role file destination " + template.value().source() + ": " + e.getMessage());
            }
        } else {
            roleFileProblem = template.failure();
        }
        ResolvedService resolved = new ResolvedService(
                s,
                uid.getAsLong(),
                s.userPrincipal().value(),
                Path.of(s.keytabPath()),
                vaultServer,
                collector,
                credds,
                roleFile,
                roleFileProblem);
        PlanningContext context =
                new PlanningContext(resolved, mode, environment, config.timeouts(), config.retries(), tmpRoot, runUid);
        return new ServicePlan.Ready(new PlannedService(resolved, ServiceRequests.plan(steps, context)));
    }

    private OptionalLong uid(ServiceSettings s) {
        return ServiceUid.of(s, account -> database.map(db -> db.uid(account)).orElse(OptionalLong.empty()));
    }

    private String uidProblem(ServiceSettings s) {
        if (database.isEmpty()) {
            return "no valid database to read UID from (" + databaseProblem + "); set desiredUIDOverride for "
                    + s.service().configName() + " or fix the database";
        }
        return "could not get UID by username: " + ManagedTokensDatabase.NO_ROWS_IN_RESULT_SET + " (account "
                + s.account() + " is not in " + database.get().location()
                + "; run refresh-uids-from-ferry or set desiredUIDOverride)";
    }

    /**
     * The fields a role-file template may use (docs/configuration.md): the worker configuration's exported
     * names.
     */
    static Map<String, Object> roleFileFields(
            ServiceSettings s, long uid, String vaultServer, String collector, List<String> credds) {
        Map<String, Object> f = new HashMap<>();
        f.put("Experiment", s.service().experiment());
        f.put("Role", s.service().role());
        f.put("Name", s.service().name());
        f.put("DesiredUID", uid);
        f.put("Account", s.account());
        f.put("UserPrincipal", s.userPrincipal().asOptional().orElse(""));
        f.put("KeytabPath", s.keytabPath());
        f.put("ServiceCreddVaultTokenPathRoot", s.tokenRoot());
        f.put("VaultServer", vaultServer);
        f.put("Nodes", s.destinationNodes());
        f.put("Schedds", credds);
        f.put("ServiceNameFromExperimentAndRole", s.service().configName());
        f.put(
                "Extras",
                Map.of(
                        "DefaultRoleFileDestinationTemplate",
                        s.roleFileDestination()
                                .asOptional()
                                .map(FieldTemplate::source)
                                .orElse(""),
                        "FileCopierOptions",
                        s.fileCopierOptions(),
                        "PingOptions",
                        s.pingOptions(),
                        "SSHOptions",
                        s.sshOptions()));
        // The environment settings render as the Go service's KEY=value text. The cache file is made later, per
        // run, so a template cannot usefully name it.
        f.put("Krb5ccname", "KRB5CCNAME=");
        f.put("CondorCreddHost", "_condor_CREDD_HOST=" + (credds.isEmpty() ? "" : credds.get(0)));
        f.put("CondorCollectorHost", "_condor_COLLECTOR_HOST=" + collector);
        f.put("HtgettokenOpts", "HTGETTOKENOPTS=" + s.htgettokenOpts());
        return f;
    }

    private static ServicePlan unresolvable(ServiceSettings s, String reason) {
        return new ServicePlan.Unresolvable(s.service(), reason);
    }
}
