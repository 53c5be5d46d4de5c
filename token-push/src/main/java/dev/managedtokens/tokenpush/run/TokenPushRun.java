package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.db.PushAttempt;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.ServicePlan;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.Deadline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run flow of token-push, top to bottom: every resolvable service runs its own pipeline on a virtual thread
 * (no barrier between services), the run waits for all of them within the global timeout, then records what
 * happened in the database and returns the report.
 */
public final class TokenPushRun {

    private static final Logger log = LoggerFactory.getLogger(TokenPushRun.class);

    private final RunSettings settings;
    private final RunMode mode;
    private final Steps steps;
    private final Optional<ManagedTokensDatabase> database;
    private final Path tmpRoot;
    private final Clock clock;

    /** @param steps the steps the plans were made with: the run executes their requests */
    public TokenPushRun(
            RunSettings settings,
            RunMode mode,
            Steps steps,
            Optional<ManagedTokensDatabase> database,
            Path tmpRoot,
            Clock clock) {
        this.settings = settings;
        this.mode = mode;
        this.steps = steps;
        this.database = database;
        this.tmpRoot = tmpRoot;
        this.clock = clock;
    }

    /**
     * @param plans     every selected service, resolved or not
     * @param deadline  the global deadline, fixed when the run started (set-up time counts against it)
     * @param setupTime how long configuration and service resolution took, for {@code stage="setup"}
     */
    public RunReport run(List<ServicePlan> plans, Deadline deadline, Duration setupTime) {
        long start = System.nanoTime();
        List<ServiceOutcome> outcomes = new ArrayList<>();
        List<PlannedService> ready = new ArrayList<>();
        for (ServicePlan plan : plans) {
            switch (plan) {
                case ServicePlan.Ready r -> ready.add(r.service());
                case ServicePlan.Unresolvable u -> {
                    log.error(
                            "Setup of {} failed: {}. Skipping service", u.name().configName(), u.reason());
                    outcomes.add(ServiceOutcome.setupFailure(u.name(), u.reason()));
                }
            }
        }
        registerNodes(ready);

        StageTimes stages = new StageTimes();
        try (CredentialCaches caches = CredentialCaches.create(tmpRoot)) {
            steps.all().forEach(step -> step.runStarting(ready));
            ServicePipeline pipeline = new ServicePipeline(
                    steps.all(), caches, stages, deadline, new GlobalTimeout(settings.globalTimeout()), clock);
            outcomes.addAll(runAll(pipeline, ready));
        }

        outcomes.sort(Comparator.comparing(o -> o.service().configName()));
        recordPushes(outcomes);
        Map<Stage, Duration> durations = new LinkedHashMap<>();
        durations.put(Stage.SETUP, setupTime);
        durations.putAll(stages.durations());
        RunReport report = new RunReport(mode, outcomes, durations, Duration.ofNanos(System.nanoTime() - start));
        log.info("Successes: {}", names(report, true));
        log.info("Failures: {}", names(report, false));
        return report;
    }

    /**
     * One virtual thread per service. Each step's timeout is capped by the global deadline, so every pipeline ends
     * by itself at the latest when the deadline passes; only a cancelled run (our thread interrupted) interrupts them.
     */
    private List<ServiceOutcome> runAll(ServicePipeline pipeline, List<PlannedService> ready) {
        List<ServiceOutcome> out = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceOutcome>> futures = new ArrayList<>();
            for (PlannedService s : ready) {
                futures.add(executor.submit(Spans.wrap(() -> pipeline.run(s))));
            }
            boolean interrupted = false;
            for (int i = 0; i < futures.size(); i++) {
                while (true) {
                    try {
                        out.add(futures.get(i).get());
                        break;
                    } catch (InterruptedException e) {
                        // Ctrl-C or SIGTERM: interrupt every pipeline (its running program is killed with its
                        // children and its files are put back), then wait for them to unwind and report.
                        interrupted = true;
                        executor.shutdownNow();
                    } catch (java.util.concurrent.CancellationException e) {
                        out.add(ServiceOutcome.setupFailure(ready.get(i).name(), "cancelled: the run was interrupted"));
                        break;
                    } catch (ExecutionException e) {
                        // A bug in a step must not take the other services down with it.
                        log.error("Pipeline of {} crashed", ready.get(i).name().configName(), e.getCause());
                        out.add(ServiceOutcome.setupFailure(ready.get(i).name(), "internal error: " + e.getCause()));
                        break;
                    }
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        return out;
    }

    private void registerNodes(List<PlannedService> ready) {
        database.ifPresent(db -> {
            Set<String> nodes = new LinkedHashSet<>();
            // Every node of every service, even in test mode, as upstream registers them.
            ready.forEach(s -> nodes.addAll(s.settings().destinationNodes()));
            try {
                db.registerNodes(nodes);
            } catch (RuntimeException e) {
                log.error("Could not add nodes to {}: {}", db.location(), e.getMessage());
            }
        });
    }

    /** Push history for {@code token-push status}: one attempt per service and node that a push was tried on. */
    private void recordPushes(List<ServiceOutcome> outcomes) {
        if (database.isEmpty()) return;
        Instant now = clock.instant();
        List<PushAttempt> attempts = new ArrayList<>();
        for (ServiceOutcome o : outcomes) {
            o.result(PushStep.Pushed.class).flatMap(PushStep.Pushed::push).ifPresent(p -> {
                Set<String> failed = Set.copyOf(p.failedNodes());
                for (String node : p.request().nodes()) {
                    attempts.add(new PushAttempt(o.service().configName(), node, now, !failed.contains(node)));
                }
            });
        }
        try {
            database.get().recordPushes(attempts);
        } catch (RuntimeException e) {
            log.error("Could not record push history in {}: {}", database.get().location(), e.getMessage());
        }
    }

    private static String names(RunReport report, boolean succeeded) {
        return report.services().stream()
                .filter(s -> s.succeeded() == succeeded)
                .map(s -> s.service().configName())
                .collect(Collectors.joining(", "));
    }
}
