package dev.managedtokens.ferry;

import dev.managedtokens.core.cli.CommonOptions;
import dev.managedtokens.core.cli.ExecutableCommand;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.cli.VersionProvider;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.logging.LogSettings;
import dev.managedtokens.core.logging.Logging;
import dev.managedtokens.core.scratch.LeftoverSweep;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.core.tracing.Tracing;
import dev.managedtokens.ferry.check.FerryCheckCommand;
import dev.managedtokens.ferry.run.FerrySettingsCheck;
import dev.managedtokens.ferry.run.RefreshReport;
import dev.managedtokens.ferry.run.RefreshRun;
import dev.managedtokens.ferry.run.RefreshSummary;
import dev.managedtokens.ferry.run.RunMode;
import dev.managedtokens.worker.ferry.FerryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
 * {@code refresh-uids-from-ferry}: flags in, a run or a configuration check out. Loading, checking, the root guard
 * and the exit status are {@link ExecutableCommand}'s; the work happens in {@link RefreshRun}.
 */
@Command(
        name = "refresh-uids-from-ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Asks FERRY for the UNIX UID of every account configured under experiments.<E>.roles.<R>.account and"
                    + " stores them in the database, where token-push finds them (the /tmp/vt_u<UID> file names).",
            "Run it daily, as the service account, before token-push. An account FERRY gives no UID for keeps the"
                    + " UID it has; nothing is ever deleted."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every account's UID was refreshed",
            "1:the run could not do its job (configuration, root, database, authentication, FERRY unreachable,"
                    + " no UID at all); nothing was written",
            "2:usage error",
            "3:the run completed but at least one account failed or conflicted; the others were written"
        },
        subcommands = {FerryCheckCommand.class, AutoComplete.GenerateCompletion.class})
public final class RefreshUidsCommand extends ExecutableCommand {

    private static final Logger log = LoggerFactory.getLogger(RefreshUidsCommand.class);

    private final RefreshUidsContext context;
    private static final String EXECUTABLE = "refresh-uids-from-ferry";
    private final long startedNanos = System.nanoTime();

    @Mixin
    CommonOptions common;

    @Option(
            names = "--authmethod",
            paramLabel = "tls|jwt",
            defaultValue = "tls",
            converter = AuthMethod.Converter.class,
            description = "How to authenticate to FERRY: tls (ferry.hostCert/hostKey, the default) or jwt (a bearer"
                    + " token of ferry.serviceExperiment/serviceRole from ferry.vaultServer, after kinit from"
                    + " ferry.serviceKeytabPath).")
    AuthMethod authMethod;

    @Option(
            names = "--admin",
            paramLabel = "EMAIL",
            description = "Send this run's admin notifications to this address instead of notifications.admin_email.")
    String admin;

    @Option(
            names = "--validate-config",
            description = "Check the configuration file (and its ferry section for"
                    + " --authmethod), print every problem, and exit.")
    boolean validateConfig;

    // The Go service accepts and ignores positional arguments; scripts that pass some keep working.
    @Parameters(hidden = true, arity = "0..*")
    List<String> ignoredArguments;

    public RefreshUidsCommand(RefreshUidsContext context) {
        this.context = context;
    }

    /** Parses {@code args}, runs, and returns the exit status; never calls {@link System#exit}. */
    public static int execute(RefreshUidsContext context, String... args) {
        CommandLine cl = new CommandLine(new RefreshUidsCommand(context), new ContextFactory(context));
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine()
                    .getErr()
                    .println("refresh-uids-from-ferry: " + e.getMessage() + " (see refresh-uids-from-ferry --help)");
            return ExitStatus.USAGE.code();
        });
        cl.setExecutionExceptionHandler((e, c, p) -> {
            log.error("refresh-uids-from-ferry failed", e);
            c.getErr().println("refresh-uids-from-ferry: " + e.getMessage());
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
    protected void starting() {
        if (common.verbose) {
            Logging.debugBeforeConfiguration();
        }
    }

    @Override
    protected boolean validateOnly() {
        return validateConfig;
    }

    @Override
    protected int printValidation(LoadedConfig loaded) {
        return ConfigReport.print(loaded, authMethod, context.out(), context.err());
    }

    @Override
    protected void printErrors(LoadedConfig loaded) {
        ConfigReport.printErrors(loaded, context.err());
    }

    @Override
    protected Optional<Integer> beforeRun(Config config) {
        List<String> ferryProblems = FerrySettingsCheck.problems(config, authMethod);
        if (ferryProblems.isEmpty()) {
            return Optional.empty();
        }
        ferryProblems.forEach(context.err()::println);
        context.err()
                .println("refresh-uids-from-ferry: the ferry section cannot be used with --authmethod " + authMethod
                        + "; fix it (refresh-uids-from-ferry --validate-config lists the problems)");
        return Optional.of(ExitStatus.SETUP_FAILED.code());
    }

    @Override
    protected int run(Config config) {
        RunMode mode = new RunMode(
                common.test,
                authMethod,
                common.verbose,
                common.notificationsDisabledByFlag() || config.disableNotifications(),
                Optional.ofNullable(admin).filter(a -> !a.isBlank()));
        try (Logging logging = Logging.configure(LogSettings.of(config, EXECUTABLE, common.verbose, common.noLoki));
                Tracing tracing = Tracing.start(config.tracing(), config.devEnvironmentLabel());
                ActiveSpan root = Spans.root(EXECUTABLE, common.test ? Map.of("test", true) : Map.of())) {
            LeftoverSweep.atRunStart(context.tmpRoot()); // what killed runs left in the temp dirs
            RefreshReport report = new RefreshRun(
                            config,
                            mode,
                            context.environment(),
                            context.tmpRoot(),
                            context.clock(),
                            FerryClient.DEFAULT_MAX_CONCURRENT_REQUESTS)
                    .run(startedNanos);
            RefreshSummary.print(report, context.out(), context.err());
            try {
                context.reportSink().accept(report, config);
            } catch (RuntimeException e) {
                // Reporting must never change what the run did or its exit status.
                log.error("could not send this run's notifications or metrics: {}", e.toString());
            }
            if (report.exitStatus() == ExitStatus.OK) root.ok();
            else root.error(String.join("; ", report.problems()));
            return report.exitStatus().code();
        }
    }

    /** Gives picocli's subcommands what they need. */
    private record ContextFactory(RefreshUidsContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == FerryCheckCommand.class) {
                return cls.cast(new FerryCheckCommand(context));
            }
            if (cls == RefreshUidsCommand.class) {
                return cls.cast(new RefreshUidsCommand(context));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
