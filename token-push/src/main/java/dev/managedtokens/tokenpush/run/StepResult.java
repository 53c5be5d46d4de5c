package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one step did for one service. The summary, the notifications and the metrics read a service's results
 * through these hooks, in order, so a new step brings its own reporting with it.
 */
public interface StepResult {

    Stage stage();

    /** Why the step failed, one line; empty when it succeeded. */
    Optional<String> failure();

    default boolean succeeded() {
        return failure().isEmpty();
    }

    /** Sets this step's metrics; {@code now} is the value of the {@code last_*_timestamp} metrics. */
    default void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {}

    /** The errors the notifications report when the service's pipeline ended at this step with {@code reason}. */
    default RunErrors errorsWhenFailed(String key, String reason) {
        return RunErrors.of(new SetupError(key, reason));
    }

    /** Errors to report even though the pipeline went on (ping's unanswered nodes). */
    default List<SetupError> notices(String key) {
        return List.of();
    }

    /** What the summary's OK line says, when this step has something to say; the last step that has wins. */
    default Optional<String> successDetail() {
        return Optional.empty();
    }

    /** Lines the summary prints under the service's FAILED line when the pipeline ended at this step. */
    default List<String> failureDetails() {
        return List.of();
    }
}
