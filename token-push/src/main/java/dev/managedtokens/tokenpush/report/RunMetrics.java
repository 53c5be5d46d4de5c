package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.ServiceOutcome;
import java.time.Instant;

/**
 * Records what a finished token-push run sets in the Go service's metrics (docs/metrics.md), from its
 * {@link RunReport}.
 * Worker metrics are labelled with the service name {@code <experiment>_<role>} as the Go workers do; timestamps are
 * the time of recording, which is within the run's global timeout of the event.
 */
public final class RunMetrics {

    private RunMetrics() {}

    public static void record(RunReport report, TokenPushMetrics metrics) {
        record(report, metrics, Instant.now());
    }

    /**
     * @param now the value of the {@code last_*_timestamp} metrics set by this run
     */
    public static void record(RunReport report, TokenPushMetrics metrics, Instant now) {
        report.stageDurations().forEach((stage, duration) -> metrics.stageDuration(stage.stageLabel(), duration));
        for (ServiceOutcome outcome : report.services()) {
            // Each step's result sets its own metrics (see StepResult#recordMetrics).
            outcome.steps().forEach(step -> step.recordMetrics(outcome.service(), metrics, now));
        }
        metrics.failedServicesPushCount(report.failures().size());
    }
}
