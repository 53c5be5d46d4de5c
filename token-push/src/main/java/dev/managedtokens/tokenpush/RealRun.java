package dev.managedtokens.tokenpush;

import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.files.UnsafePathException;
import dev.managedtokens.core.logging.LogSettings;
import dev.managedtokens.core.logging.Logging;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.scratch.LeftoverSweep;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.core.tracing.Tracing;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.ServicePlan;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.report.NotifyAndPushMetrics;
import dev.managedtokens.tokenpush.run.RunLock;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.RunSettings;
import dev.managedtokens.tokenpush.run.RunSummary;
import dev.managedtokens.tokenpush.run.ShutdownCancellation;
import dev.managedtokens.tokenpush.run.Steps;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real run of token-push, start to end: the run's logging and tracing, the run lock, the database, the plan, the
 * services' pipelines, then the report (summary, notifications and metrics through the report sink) and the exit
 * status. See docs/run-flow.md.
 *
 * @param notificationsOff by flag, or onboarding
 * @param admin            {@code --admin}
 */
record RealRun(
        TokenPushContext context,
        Config config,
        List<ServiceSettings> selected,
        RunMode mode,
        boolean test,
        boolean verbose,
        boolean noLoki,
        boolean notificationsOff,
        Optional<String> admin) {

    private static final Logger log = LoggerFactory.getLogger(RealRun.class);
    private static final String EXECUTABLE = TokenPushMetrics.EXECUTABLE;

    int run() {
        try (ShutdownCancellation cancellation = ShutdownCancellation.install(Thread.currentThread())) {
            return runOnce();
        }
    }

    private int runOnce() {
        Instant started = context.clock().instant();
        long t0 = System.nanoTime();
        Deadline deadline = Deadline.after(mode.runTimeout(config.timeouts().global()));
        Path dbPath = Path.of(config.dbLocation());
        try (Logging logging = Logging.configure(LogSettings.of(config, EXECUTABLE, verbose, noLoki));
                Tracing tracing = Tracing.start(config.tracing(), config.devEnvironmentLabel());
                RunLock lock = RunLock.acquire(RunLock.lockFileFor(dbPath), started);
                ActiveSpan root = Spans.root(EXECUTABLE, mode.test() ? Map.of("test", true) : Map.of())) {
            LeftoverSweep.atRunStart(context.tmpRoot()); // under the lock: what killed runs left in the temp dirs
            TokenPushMetrics metrics = new TokenPushMetrics();
            MetricsPusher pusher = new MetricsPusher(config.prometheus(), config.devEnvironmentLabel());
            pusher.checkReachable();
            Optional<ManagedTokensDatabase> db = Optional.empty();
            String dbProblem = "";
            try {
                db = Optional.of(ManagedTokensDatabase.open(dbPath));
                db.get()
                        .registerServices(selected.stream()
                                .map(s -> s.service().configName())
                                .toList());
            } catch (RuntimeException e) {
                // Whatever the database does, it is the failure of the services that need it, not of the run.
                dbProblem = databaseProblem(e, dbPath);
                log.error("Could not open or create ManagedTokensDatabase: {}", dbProblem);
                root.error("Could not open or create ManagedTokensDatabase");
            }
            // Guarded: should this run be killed, its children's process groups die with it.
            try (ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses(), true)) {
                RunSettings settings = runSettings(config);
                Steps steps = Steps.standard(runner, settings, context.runUid(), context.clock());
                List<ServicePlan> plans = planner(context, config, db, dbProblem, runner, mode, steps)
                        .plan(selected);
                boolean anyReady = plans.stream().anyMatch(p -> p instanceof ServicePlan.Ready);
                root.event("Service configs setup complete");
                RunReport report = new TokenPushRun(settings, mode, steps, db, context.tmpRoot(), context.clock())
                        .run(plans, deadline, Duration.ofNanos(System.nanoTime() - t0));

                new NotifyAndPushMetrics(
                                config,
                                selected,
                                test,
                                notificationsOff,
                                admin,
                                db,
                                dbProblem,
                                started,
                                metrics,
                                pusher,
                                context.clock())
                        .accept(report);

                RunSummary.print(report, context.out());
                if (!anyReady) {
                    context.err()
                            .println("token-push: no serviceConfigs to operate on: no selected service could be"
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
            context.err()
                    .println("token-push: cannot take the run lock " + RunLock.lockFileFor(dbPath) + ": "
                            + e.getMessage() + "; check that the database directory exists and is writable");
            return ExitStatus.SETUP_FAILED.code();
        }
    }

    /** One line naming the file: a DatabaseException says it all, anything else gets the path added. */
    static String databaseProblem(RuntimeException e, Path dbPath) {
        return e instanceof DatabaseException
                ? e.getMessage()
                : "cannot use database " + dbPath + ": " + e + "; if it keeps failing, move the file aside and run"
                        + " refresh-uids-from-ferry";
    }

    /** What the run needs of the configuration as a whole; everything per service is in the plan. */
    static RunSettings runSettings(Config config) {
        return new RunSettings(config.storerConcurrency(), config.timeouts().global(), Path.of(config.dbLocation()));
    }

    /**
     * The one planner of both the run and the dry run, asking {@code steps} for their requests: what one prints is
     * what the other executes.
     */
    static ServicePlanner planner(
            TokenPushContext context,
            Config config,
            Optional<ManagedTokensDatabase> db,
            String dbProblem,
            ProcessRunner runner,
            RunMode mode,
            Steps steps) {
        return new ServicePlanner(
                config,
                db,
                dbProblem,
                new ScheddDiscovery(runner),
                new VaultServerLookup(runner),
                context.environment(),
                mode,
                steps.planning(),
                context.tmpRoot(),
                context.runUid());
    }
}
