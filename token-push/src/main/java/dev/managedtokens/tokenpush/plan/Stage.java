package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import java.util.Optional;

/**
 * The three names one stage of a run goes by, tied together: the {@code stage} label of
 * {@code stage_duration_seconds} and of the summary (as the Go service names it), the {@code timeouts} key that
 * bounds one call of it and the {@code workerType} key its retries are configured under. A step declares its own
 * stage next to itself; only set-up, which is not a step, is declared here. See docs/pipeline-steps.md.
 */
public record Stage(String stageLabel, Optional<TimeoutKey> timeoutKey, Optional<WorkerType> workerType) {

    /** Configuration and service resolution, before any step; only the global timeout bounds it. */
    public static final Stage SETUP = new Stage("setup", Optional.empty(), Optional.empty());

    /** A step's stage: its label, the timeout of one call and the worker type its retries are read from. */
    public static Stage of(String stageLabel, TimeoutKey timeoutKey, WorkerType workerType) {
        return new Stage(stageLabel, Optional.of(timeoutKey), Optional.of(workerType));
    }

    @Override
    public String toString() {
        return stageLabel;
    }
}
