package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one service in a run: success, or the stage that failed and why, plus every step's result in the
 * order the steps ran, for the summary, the notifications and the metrics.
 *
 * @param failedAt empty when the service succeeded
 * @param reason   one line; empty on success
 * @param steps    the results of the steps that ran (or were kept from starting), in order
 */
public record ServiceOutcome(
        ServiceName service, Optional<Stage> failedAt, String reason, List<StepResult> steps, Duration elapsed) {

    public ServiceOutcome {
        steps = List.copyOf(steps);
    }

    public boolean succeeded() {
        return failedAt.isEmpty();
    }

    /** The latest result of this type, e.g. {@code result(PushStep.Pushed.class)}. */
    public <R extends StepResult> Optional<R> result(Class<R> type) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (type.isInstance(steps.get(i))) return Optional.of(type.cast(steps.get(i)));
        }
        return Optional.empty();
    }

    /** The result of the step the pipeline ended at; empty on success and for a service that never started. */
    public Optional<StepResult> failedStep() {
        if (failedAt.isEmpty() || steps.isEmpty()) return Optional.empty();
        StepResult last = steps.getLast();
        return last.stage().equals(failedAt.get()) ? Optional.of(last) : Optional.empty();
    }

    static ServiceOutcome setupFailure(ServiceName service, String reason) {
        return new ServiceOutcome(service, Optional.of(Stage.SETUP), reason, List.of(), Duration.ZERO);
    }
}
