package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.cli.ExecutableCommand;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.CheckSettings;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ServiceSelector;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.tokenpush.TokenPushContext;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.schedd.ScheddDiscovery;
import dev.managedtokens.worker.schedd.VaultServerLookup;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code token-push check}: walks every selected service's chain (keytab, Kerberos, pool, credds, local token
 * copies, ping, the token files on the nodes) and the shared links, and says link by link what works. Read-only:
 * it takes no run lock, stores nothing, mints nothing and writes nothing on the nodes, so it is safe at any time,
 * also while the hourly run is going, and from a monitoring system.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check, link by link and without changing anything, whether the next run would work: keytab,"
                    + " Kerberos, pool, credds, local token copies, ping and the token files on every node, then the"
                    + " Pushgateway, SMTP, Slack and the database. Run it as the service account."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every link works",
            "1:the check could not start (configuration, root, no service selected)",
            "3:at least one link failed or a token on a node is stale"
        })
public final class CheckCommand extends ExecutableCommand {

    private final TokenPushContext context;

    @Option(
            names = {"-c", "--configfile"},
            paramLabel = "FILE",
            description = "The configuration file.")
    Path configFile;

    @Option(
            names = {"-e", "--experiment"},
            paramLabel = "EXPERIMENT",
            description = "Only the roles of this experiment (wins over -s).")
    String experiment;

    @Option(
            names = {"-s", "--service"},
            paramLabel = "EXPERIMENT_ROLE",
            description = "Only this service.")
    String service;

    @Option(names = "--json", description = "Print JSON instead of the table, for monitoring.")
    boolean json;

    @Option(
            names = "--push-metrics",
            description =
                    "Push managed_tokens_node_token_age_seconds{service,node} to the Pushgateway (group executable=token-push-check).")
    boolean pushMetrics;

    public CheckCommand(TokenPushContext context) {
        this.context = context;
    }

    @Override
    protected String executable() {
        return "token-push check";
    }

    @Override
    protected String validatingCommand() {
        return "token-push";
    }

    @Override
    protected Path configFile() {
        return configFile;
    }

    @Override
    protected Host host() {
        return new Host(
                context.environment(), context.workingDirectory(), context.rootGuard(), context.out(), context.err());
    }

    @Override
    protected int run(Config config) {
        List<ServiceSettings> selected = ServiceSelector.select(config, experiment, service);
        if (selected.isEmpty()) {
            context.err()
                    .println("token-push check: no service selected from " + config.file()
                            + "; check -e/-s against token-push --list-services");
            return ExitStatus.SETUP_FAILED.code();
        }
        CredentialCaches caches;
        try {
            caches = CredentialCaches.create(context.tmpRoot());
        } catch (UncheckedIOException e) {
            context.err().println("token-push check: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        try (caches) {
            CheckReport report = check(config, selected, caches);
            if (json) report.printJson(context.out());
            else
                report.printTable(
                        context.out(), System.out.charset().newEncoder().canEncode("✓✗"));
            if (pushMetrics) NodeTokenAgeMetrics.push(config, report, context.err());
            return report.exitStatus();
        }
    }

    private CheckReport check(Config config, List<ServiceSettings> selected, CredentialCaches caches) {
        Instant started = context.clock().instant();
        long t0 = System.nanoTime();
        Duration staleAfter = CheckSettings.of(config).staleTokenAge();
        Deadline deadline = Deadline.after(config.timeouts().global());
        Path dbPath = Path.of(config.dbLocation());
        Optional<ManagedTokensDatabase> db = Optional.empty();
        String dbProblem = "";
        try {
            db = Optional.of(ManagedTokensDatabase.openReadOnly(dbPath));
        } catch (DatabaseException e) {
            dbProblem = e.getMessage();
        }
        // Unguarded: the check starts no long-lived child, and its deadlines kill what overstays.
        try (ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses())) {
            ScheddDiscovery discovery = new ScheddDiscovery(runner);
            List<CheckTarget> targets = CheckTargets.resolve(
                    config,
                    selected,
                    db,
                    dbProblem,
                    discovery,
                    new VaultServerLookup(runner),
                    context.environment(),
                    context.workingDirectory(),
                    context.tmpRoot(),
                    context.runUid());
            CheckTools tools = CheckTools.using(runner, discovery);
            List<ServiceCheckResult> results = new ArrayList<>();
            List<LinkResult> shared;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<List<LinkResult>> sharedLinks = threads.submit(() -> SharedLinks.check(config));
                List<Future<ServiceCheckResult>> futures = new ArrayList<>();
                for (CheckTarget t : targets) {
                    futures.add(threads.submit(() -> new ServiceCheck(
                                    t,
                                    tools,
                                    config.timeouts(),
                                    caches,
                                    context.environment(),
                                    context.runUid(),
                                    staleAfter,
                                    context.clock(),
                                    deadline)
                            .run()));
                }
                for (Future<ServiceCheckResult> f : futures) {
                    results.add(f.get());
                }
                shared = sharedLinks.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the check failed: " + e.getCause(), e.getCause());
            }
            return new CheckReport(started, Duration.ofNanos(System.nanoTime() - t0), staleAfter, results, shared);
        } finally {
            db.ifPresent(ManagedTokensDatabase::close);
        }
    }
}
