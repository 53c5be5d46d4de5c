package dev.managedtokens.tokenpush;

import dev.managedtokens.core.cli.CommonOptions;
import dev.managedtokens.core.cli.ExecutableCommand;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.cli.VersionProvider;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSelector;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.tokenpush.check.CheckCommand;
import dev.managedtokens.tokenpush.plan.DryRunReport;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.ServicePlan;
import dev.managedtokens.tokenpush.run.Steps;
import dev.managedtokens.tokenpush.run.TokenPushRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code token-push}: flags in, one of the run's modes out. Loading, checking, the root guard and the exit status are
 * {@link ExecutableCommand}'s; a real run is {@link RealRun}, the services' work {@link TokenPushRun}.
 */
@Command(
        name = "token-push",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Obtains a HashiCorp Vault token for each configured service (experiment_role), stores it in the HTCondor"
                    + " credd of every schedd of the service's pool, and copies it to the service's submit nodes as"
                    + " /tmp/vt_u<UID> and /tmp/vt_u<UID>-<service>.",
            "Run it hourly, as the service account that owns the keytabs. Onboard a new service once with"
                    + " 'token-push -r -s experiment_role'."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every selected service succeeded",
            "1:the run could not start (configuration, root, lock, no service resolvable)",
            "2:usage error",
            "3:the run completed but at least one service failed"
        },
        subcommands = {StatusCommand.class, CheckCommand.class, AutoComplete.GenerateCompletion.class})
public final class TokenPushCommand extends ExecutableCommand {

    private static final Logger log = LoggerFactory.getLogger(TokenPushCommand.class);
    private static final String EXECUTABLE = "token-push";

    private final TokenPushContext context;

    /** The services of this run, chosen once the configuration is loaded. */
    private List<ServiceSettings> selected = List.of();

    @Mixin
    CommonOptions common;

    @Option(
            names = "--admin",
            paramLabel = "EMAIL",
            description = "Send this run's admin notifications to this address instead of notifications.admin_email.")
    String admin;

    @Option(
            names = {"-e", "--experiment"},
            paramLabel = "EXPERIMENT",
            description = "Only the roles of this configured experiment (wins over -s).")
    String experiment;

    @Option(
            names = {"-s", "--service"},
            paramLabel = "EXPERIMENT_ROLE",
            description = "Only this service, e.g. dune_production (the configured experiment key).")
    String service;

    @Option(
            names = {"-r", "--run-onboarding"},
            description =
                    "Onboard the service given with -s: htgettoken's device-code prompt is shown on this terminal. Turns notifications off.")
    boolean runOnboarding;

    @Option(
            names = {"-p", "--push-tokens"},
            description = "With -r: after onboarding, also ping and push as a normal run.")
    boolean pushTokens;

    @Option(names = "--list-services", description = "Print the configured services (sorted) and exit.")
    boolean listServices;

    @Option(
            names = "--validate-config",
            description = "Check the configuration file, print every problem with its line and column, and exit.")
    boolean validateConfig;

    @Option(
            names = "--dry-run",
            description =
                    "Resolve every selected service and print what a run would do (UIDs, principals, credds, nodes, commands, files) without running anything.")
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
    protected String executable() {
        return EXECUTABLE;
    }

    @Override
    protected Path configFile() {
        return common.configFile;
    }

    @Override
    protected Host host() {
        return new Host(
                context.environment(), context.workingDirectory(), context.rootGuard(), context.out(), context.err());
    }

    @Override
    protected Optional<String> usageProblem() {
        if (runOnboarding && isBlank(service) && isBlank(experiment)) {
            return Optional.of("run-onboarding flag set without a service for which to run onboarding"
                    + " (add -s experiment_role)");
        }
        return Optional.empty();
    }

    @Override
    protected boolean validateOnly() {
        return validateConfig;
    }

    @Override
    protected int printValidation(LoadedConfig loaded) {
        return ConfigReport.print(loaded, context.out(), context.err());
    }

    /** The listing, the selection and the dry run: they write nothing, so root may run them too. */
    @Override
    protected Optional<Integer> beforeRun(Config config) {
        if (listServices) {
            ServiceSelector.selectNames(config, null, null).stream()
                    .map(ServiceName::configName)
                    .sorted()
                    .forEach(context.out()::println);
            context.out().flush();
            return Optional.of(ExitStatus.OK.code());
        }
        selected = ServiceSelector.select(config, experiment, service);
        if (selected.isEmpty()) {
            context.err()
                    .println("token-push: no service selected from " + config.file()
                            + (isBlank(experiment) ? "" : " for experiment " + experiment)
                            + "; check -e/-s against token-push --list-services");
            return Optional.of(ExitStatus.SETUP_FAILED.code());
        }
        if (dryRun) {
            return Optional.of(dryRun(config, selected));
        }
        return Optional.empty();
    }

    @Override
    protected int run(Config config) {
        // Before anything runs: every cache, role file and token copy of the run goes under TMPDIR.
        try {
            OwnedPaths.requireSafeTempRoot(context.tmpRoot(), OwnedPaths.currentUid());
        } catch (IOException e) {
            context.err().println("token-push: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        return new RealRun(
                        context,
                        config,
                        selected,
                        mode(),
                        common.test,
                        common.verbose,
                        common.noLoki,
                        common.notificationsDisabledByFlag() || runOnboarding,
                        Optional.ofNullable(admin).filter(a -> !isBlank(a)))
                .run();
    }

    private int dryRun(Config config, List<ServiceSettings> selected) {
        ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses());
        Path dbPath = Path.of(config.dbLocation());
        Optional<ManagedTokensDatabase> db = Optional.empty();
        String dbProblem = "";
        try {
            db = Optional.of(ManagedTokensDatabase.openReadOnly(dbPath));
        } catch (RuntimeException e) {
            dbProblem = RealRun.databaseProblem(e, dbPath);
        }
        try {
            Steps steps = Steps.standard(runner, RealRun.runSettings(config), context.runUid(), context.clock());
            List<ServicePlan> plans = RealRun.planner(context, config, db, dbProblem, runner, mode(), steps)
                    .plan(selected);
            DryRunReport report = DryRunReport.of(plans);
            if (json) {
                report.printJson(context.out());
            } else {
                report.print(context.out());
            }
            return plans.stream().allMatch(p -> p instanceof ServicePlan.Ready)
                    ? ExitStatus.OK.code()
                    : ExitStatus.SOME_FAILED.code();
        } finally {
            db.ifPresent(ManagedTokensDatabase::close);
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
