package dev.managedtokens.tokenpush;

import dev.managedtokens.core.cli.CommonOptions;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.core.cli.VersionProvider;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ConfigFileException;
import dev.managedtokens.core.config.ConfigLoader;
import dev.managedtokens.core.config.ConfigSearch;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.config.NotificationPolicy;
import dev.managedtokens.core.config.NotificationTargets;
import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.files.UnsafePathException;
import dev.managedtokens.core.logging.LogSettings;
import dev.managedtokens.core.logging.Logging;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.core.tracing.Tracing;
import dev.managedtokens.notify.NotificationDispatcher;
import dev.managedtokens.notify.NotificationOutcome;
import dev.managedtokens.notify.NotificationRequest;
import dev.managedtokens.notify.NotifierSettings;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.report.NotificationMetrics;
import dev.managedtokens.tokenpush.report.RunMetrics;
import dev.managedtokens.tokenpush.report.RunNotifications;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSelector;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.tokenpush.check.CheckCommand;
import dev.managedtokens.tokenpush.plan.DryRunReport;
import dev.managedtokens.tokenpush.plan.ServicePlan;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.run.PipelineTools;
import dev.managedtokens.tokenpush.run.RunLock;
import dev.managedtokens.tokenpush.run.RunMode;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.RunSummary;
import dev.managedtokens.tokenpush.run.ShutdownCancellation;
import dev.managedtokens.tokenpush.run.TokenPushRun;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.schedd.ScheddDiscovery;
import dev.managedtokens.worker.schedd.VaultServerLookup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code token-push}: flags in, one of the run's modes out. The work happens in {@link TokenPushRun}; this class
 * only loads the configuration and chooses.
 */
@Command(name = "token-push", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Obtains a HashiCorp Vault token for each configured service (experiment_role), stores it in the HTCondor"
                    + " credd of every schedd of the service's pool, and copies it to the service's submit nodes as"
                    + " /tmp/vt_u<UID> and /tmp/vt_u<UID>-<service>.",
            "Run it hourly, as the service account that owns the keytabs. Onboard a new service once with"
                    + " 'token-push -r -s experiment_role'."},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {
            "0:every selected service succeeded",
            "1:the run could not start (configuration, root, lock, no service resolvable)",
            "2:usage error",
            "3:the run completed but at least one service failed"},
        subcommands = {StatusCommand.class, CheckCommand.class, AutoComplete.GenerateCompletion.class})
public final class TokenPushCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(TokenPushCommand.class);
    private static final String EXECUTABLE = "token-push";

    private final TokenPushContext context;

    @Mixin
    CommonOptions common;

    @Option(names = "--admin", paramLabel = "EMAIL", description = "Send this run's admin notifications to this address instead of notifications.admin_email.")
    String admin;

    @Option(names = {"-e", "--experiment"}, paramLabel = "EXPERIMENT", description = "Only the roles of this configured experiment (wins over -s).")
    String experiment;

    @Option(names = {"-s", "--service"}, paramLabel = "EXPERIMENT_ROLE", description = "Only this service, e.g. dune_production (the configured experiment key).")
    String service;

    @Option(names = {"-r", "--run-onboarding"}, description = "Onboard the service given with -s: htgettoken's device-code prompt is shown on this terminal. Turns notifications off.")
    boolean runOnboarding;

    @Option(names = {"-p", "--push-tokens"}, description = "With -r: after onboarding, also ping and push as a normal run.")
    boolean pushTokens;

    @Option(names = "--list-services", description = "Print the configured services (sorted) and exit.")
    boolean listServices;

    @Option(names = "--validate-config", description = "Check the configuration file, print every problem with its line and column, and exit.")
    boolean validateConfig;

    @Option(names = "--dry-run", description = "Resolve every selected service and print what a run would do (UIDs, principals, credds, nodes, commands, files) without running anything.")
    boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: print the plan as JSON.")
    boolean json;

    // The Go service accepts and ignores positional arguments; scripts that pass some keep working.
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignoredArguments;

    public TokenPushCommand(TokenPushContext context) {
        this.context = context;
    }

    /** Parses {@code args}, runs, and returns the exit status; never calls {@link System#exit}. */
    public static int execute(TokenPushContext context, String... args) {
        CommandLine cl = new CommandLine(new TokenPushCommand(context), new ContextFactory(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("token-push: " + e.getMessage() + " (see token-push --help)");
            return ExitStatus.USAGE.code();
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            log.error("token-push failed", e);
            c.getErr().println("token-push: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        if (runOnboarding && isBlank(service) && isBlank(experiment)) {
            context.err().println("token-push: run-onboarding flag set without a service for which to run onboarding"
                    + " (add -s experiment_role)");
            return ExitStatus.USAGE.code();
        }
        Optional<LoadedConfig> loaded = load();
        if (loaded.isEmpty()) {
            return ExitStatus.SETUP_FAILED.code();
        }
        if (validateConfig) {
            return ConfigReport.print(loaded.get(), context.out(), context.err());
        }
        if (loaded.get().hasErrors()) {
            loaded.get().problems().forEach(p -> context.err().println(p.render()));
            context.err().println("token-push: " + loaded.get().errors().size() + " problem(s) in "
                    + loaded.get().file() + "; fix them (token-push --validate-config lists them again)");
            return ExitStatus.SETUP_FAILED.code();
        }
        loaded.get().warnings().forEach(p -> log.warn("{}", p.render()));
        Config config = loaded.get().configOrThrow();

        if (listServices) {
            ServiceSelector.selectNames(config, null, null).stream().map(ServiceName::configName).sorted()
                    .forEach(context.out()::println);
            context.out().flush();
            return ExitStatus.OK.code();
        }
        List<ServiceSettings> selected = ServiceSelector.select(config, experiment, service);
        if (selected.isEmpty()) {
            context.err().println("token-push: no service selected from " + config.file()
                    + (isBlank(experiment) ? "" : " for experiment " + experiment)
                    + "; check -e/-s against token-push --list-services");
            return ExitStatus.SETUP_FAILED.code();
        }
        if (dryRun) {
            return dryRun(config, selected);
        }
        // Only a real run is refused to root: it writes token files and caches that the service account's next
        // run could not replace. The read-only modes above are safe for any user (and packaging checks run as root).
        if (context.rootGuard().runningAsRoot()) {
            context.err().println("token-push: " + RootGuard.MESSAGE);
            return ExitStatus.SETUP_FAILED.code();
        }
        // Before anything runs: every cache, role file and token copy of the run goes under TMPDIR.
        try {
            OwnedPaths.requireSafeTempRoot(context.tmpRoot(), OwnedPaths.currentUid());
        } catch (IOException e) {
            context.err().println("token-push: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        return run(config, selected);
    }

    private int dryRun(Config config, List<ServiceSettings> selected) {
        ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses());
        Path dbPath = Path.of(config.dbLocation());
        Optional<ManagedTokensDatabase> db = Optional.empty();
        String dbProblem = "";
        try {
            db = Optional.of(ManagedTokensDatabase.openReadOnly(dbPath));
        } catch (DatabaseException e) {
            dbProblem = e.getMessage();
        }
        try {
            List<ServicePlan> plans = new ServicePlanner(config, db, dbProblem, new ScheddDiscovery(runner),
                    new VaultServerLookup(runner), context.environment()).plan(selected);
            DryRunReport report = DryRunReport.of(config, plans, mode(), context.tmpRoot(), context.runUid());
            if (json) {
                report.printJson(context.out());
            } else {
                report.print(context.out());
            }
            return plans.stream().allMatch(p -> p instanceof ServicePlan.Ready)
                    ? ExitStatus.OK.code() : ExitStatus.SOME_FAILED.code();
        } finally {
            db.ifPresent(ManagedTokensDatabase::close);
        }
    }

    private int run(Config config, List<ServiceSettings> selected) {
        try (ShutdownCancellation cancellation = ShutdownCancellation.install(Thread.currentThread())) {
            return runOnce(config, selected);
        }
    }

    private int runOnce(Config config, List<ServiceSettings> selected) {
        Instant started = context.clock().instant();
        long t0 = System.nanoTime();
        RunMode mode = mode();
        Deadline deadline = Deadline.after(mode.runTimeout(config.timeouts().global()));
        Path dbPath = Path.of(config.dbLocation());
        try (Logging logging = Logging.configure(LogSettings.of(config, EXECUTABLE, common.verbose, common.noLoki));
             Tracing tracing = Tracing.start(config.tracing(), config.devEnvironmentLabel());
             RunLock lock = RunLock.acquire(RunLock.lockFileFor(dbPath), started);
             ActiveSpan root = Spans.root(EXECUTABLE, mode.test() ? Map.of("test", true) : Map.of())) {
            TokenPushMetrics metrics = new TokenPushMetrics();
            MetricsPusher pusher = new MetricsPusher(config.prometheus(), config.devEnvironmentLabel());
            pusher.checkReachable();
            Optional<ManagedTokensDatabase> db = Optional.empty();
            String dbProblem = "";
            try {
                db = Optional.of(ManagedTokensDatabase.open(dbPath));
                db.get().registerServices(selected.stream().map(s -> s.service().configName()).toList());
            } catch (DatabaseException e) {
                dbProblem = e.getMessage();
                log.error("Could not open or create ManagedTokensDatabase: {}", dbProblem);
                root.error("Could not open or create ManagedTokensDatabase");
            }
            // Guarded: should this run be killed, its children's process groups die with it.
            try (ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses(), true)) {
                List<ServicePlan> plans = new ServicePlanner(config, db, dbProblem, new ScheddDiscovery(runner),
                        new VaultServerLookup(runner), context.environment()).plan(selected);
                boolean anyReady = plans.stream().anyMatch(p -> p instanceof ServicePlan.Ready);
                root.event("Service configs setup complete");
                RunReport report = new TokenPushRun(config, mode, PipelineTools.using(runner), db,
                        context.environment(), context.tmpRoot(), context.runUid(), context.clock())
                        .run(plans, deadline, Duration.ofNanos(System.nanoTime() - t0));

                long cleanupStart = System.nanoTime();
                RunMetrics.record(report, metrics, context.clock().instant());
                notify(config, selected, report, db, dbProblem, started, metrics);
                metrics.stageDuration("cleanup", Duration.ofNanos(System.nanoTime() - cleanupStart));
                // After the notifications, so their metrics are pushed too (DIFFERENCES §8.19).
                pusher.push(metrics);

                RunSummary.print(report, context.out());
                if (!anyReady) {
                    context.err().println("token-push: no serviceConfigs to operate on: no selected service could be"
                            + " resolved (see the reasons above)");
                    root.error("no serviceConfigs to operate on");
                    return ExitStatus.SETUP_FAILED.code();
                }
                if (report.allSucceeded()) {
                    root.ok();
                    return ExitStatus.OK.code();
                }
                root.error(report.failures().size() + " service(s) failed");
                return ExitStatus.SOME_FAILED.code();
            } finally {
                db.ifPresent(ManagedTokensDatabase::close);
            }
        } catch (RunLock.LockHeldException e) {
            context.err().println("token-push: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        } catch (UnsafePathException e) {
            context.err().println("token-push: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        } catch (IOException e) {
            context.err().println("token-push: cannot take the run lock " + RunLock.lockFileFor(dbPath) + ": "
                    + e.getMessage() + "; check that the database directory exists and is writable");
            return ExitStatus.SETUP_FAILED.code();
        }
    }

    /** Service emails and admin email/Slack for this run's errors, with the thresholds kept in the database. */
    private void notify(Config config, List<ServiceSettings> selected, RunReport report,
                        Optional<ManagedTokensDatabase> db, String dbProblem, Instant started,
                        TokenPushMetrics metrics) {
        // Onboarding turns notifications off as if by flag, as upstream.
        NotificationPolicy policy = NotificationPolicy.resolve(config, selected,
                common.notificationsDisabledByFlag() || runOnboarding);
        NotificationTargets admins = config.notifications().forRun(common.test);
        if (!isBlank(admin)) {
            admins = new NotificationTargets(List.of(admin), admins.slackAlertsUrl());
        }
        RunErrors errors = RunNotifications.errors(report);
        if (db.isEmpty()) {
            // Keyed by the executable: not a service, so it reaches the admins at once, without a threshold.
            errors = errors.plus(RunErrors.of(new SetupError(EXECUTABLE,
                    "Could not open or create ManagedTokensDatabase: " + dbProblem)));
        }
        NotificationOutcome outcome = new NotificationDispatcher(NotifierSettings.fromConfig(config), db)
                .dispatch(NotificationRequest.tokenPush(common.test, started, admins, policy,
                        RunNotifications.services(selected), errors));
        NotificationMetrics.record(outcome, metrics);
    }

    private Optional<LoadedConfig> load() {
        try {
            return Optional.of(new ConfigLoader(context.environment()).load(common.configFile,
                    ConfigSearch.standard(context.environment(), context.workingDirectory())));
        } catch (ConfigFileException e) {
            context.err().println("token-push: " + e.getMessage());
            return Optional.empty();
        }
    }

    private RunMode mode() {
        return new RunMode(common.test, runOnboarding, runOnboarding && pushTokens, common.verbose);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Gives subcommands the same context as the root command. */
    private record ContextFactory(TokenPushContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == StatusCommand.class) {
                return cls.cast(new StatusCommand(context));
            }
            if (cls == CheckCommand.class) {
                return cls.cast(new CheckCommand(context));
            }
            if (cls == TokenPushCommand.class) {
                return cls.cast(new TokenPushCommand(context));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
