package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.Deadline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One service's way through a run: the registered steps in order, each run against the global deadline, until one
 * whose failure ends the pipeline fails. Runs on its own virtual thread; nothing here waits for another service.
 * See docs/pipeline-steps.md.
 */
final class ServicePipeline {

    private static final Logger log = LoggerFactory.getLogger(ServicePipeline.class);

    static final String CANCELLED = "cancelled: the run was interrupted before this step";

    private final List<Step<?>> steps;
    private final CredentialCaches caches;
    private final StageTimes stages;
    private final Deadline runDeadline;
    private final GlobalTimeout globalTimeout;
    private final Clock clock;

    ServicePipeline(
            List<Step<?>> steps,
            CredentialCaches caches,
            StageTimes stages,
            Deadline runDeadline,
            GlobalTimeout globalTimeout,
            Clock clock) {
        this.steps = List.copyOf(steps);
        this.caches = caches;
        this.stages = stages;
        this.runDeadline = runDeadline;
        this.globalTimeout = globalTimeout;
        this.clock = clock;
    }

    ServiceOutcome run(PlannedService service) {
        MDC.put("service", service.name().configName());
        long start = System.nanoTime();
        try (ActiveSpan span = Spans.start(
                "token-push",
                "serviceConfig",
                Map.of(
                        "service",
                        service.name().name(),
                        "configName",
                        service.name().configName()))) {
            ServiceOutcome outcome = runSteps(service, start);
            if (outcome.succeeded()) span.ok();
            else span.error(outcome.reason());
            return outcome;
        } finally {
            steps.forEach(s -> s.serviceDone(service));
            MDC.remove("service");
            log.debug(
                    "pipeline of {} ended after {} ms",
                    service.name().configName(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    private ServiceOutcome runSteps(PlannedService service, long start) {
        List<StepResult> results = new ArrayList<>();
        // Made empty here, filled by kinit, read by every later step; removed with the run's cache directory.
        Path cache = caches.newCacheFor(service.name().name());
        for (Step<?> step : steps) {
            Optional<Ended> ended = runStep(step, service, results, cache);
            if (ended.isPresent()) {
                return outcome(
                        service, Optional.of(ended.get().stage()), ended.get().reason(), results, start);
            }
        }
        return outcome(service, Optional.empty(), "", results, start);
    }

    /** Where and why a service's pipeline ended early. */
    private record Ended(Stage stage, String reason) {}

    /**
     * Runs one step with its planned request, adding its result; says so when the pipeline ends there. A step
     * without a request in the plan is not run.
     */
    private <R> Optional<Ended> runStep(Step<R> step, PlannedService service, List<StepResult> results, Path cache) {
        Optional<R> request = service.requests().of(step);
        if (request.isEmpty()) {
            log.debug(
                    "{}: no request for {} in this run's plan; not run",
                    service.name().configName(),
                    step.getClass().getSimpleName());
            return Optional.empty();
        }
        Stage stage = step.stage(request.get());
        String notStarted =
                ServiceRun.cancelled() ? CANCELLED : runDeadline.expired() ? globalTimeout.before(stage) : null;
        if (notStarted != null) {
            results.add(step.notRun(request.get(), notStarted));
            return Optional.of(new Ended(stage, notStarted));
        }
        Instant t0 = clock.instant();
        StepResult result = step.run(new ServiceRun(service, cache, runDeadline, results), request.get());
        stages.record(stage, t0, clock.instant());
        results.add(result);
        if (result.failure().isPresent() && step.failureEndsPipeline()) {
            return Optional.of(new Ended(stage, result.failure().get()));
        }
        return Optional.empty();
    }

    private static ServiceOutcome outcome(
            PlannedService service, Optional<Stage> failedAt, String reason, List<StepResult> results, long start) {
        return new ServiceOutcome(
                service.name(), failedAt, reason, results, Duration.ofNanos(System.nanoTime() - start));
    }
}
