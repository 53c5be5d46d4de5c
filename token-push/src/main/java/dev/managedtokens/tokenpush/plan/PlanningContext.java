package dev.managedtokens.tokenpush.plan;

import dev.managedtokens.core.config.RetryPolicies;
import dev.managedtokens.core.config.RetryPolicy;
import dev.managedtokens.core.config.Timeouts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a step plans its request from: the resolved service and the run's shared inputs. It is the last place the
 * configuration is read from; the run only reads the finished requests.
 *
 * @param environment the environment every program of the run starts from
 * @param tmpRoot     Go's {@code os.TempDir()}: where htgettoken's and the push's scratch files go
 * @param runUid      the UID running token-push, in the local token names
 */
public record PlanningContext(
        ResolvedService service,
        RunMode mode,
        Map<String, String> environment,
        Timeouts timeouts,
        RetryPolicies retries,
        Path tmpRoot,
        int runUid) {

    public PlanningContext {
        environment = Map.copyOf(environment);
    }

    /** The configured timeout of one call of the stage, by the stage's own timeout key. */
    public Duration timeout(Stage stage) {
        return timeouts.get(
                stage.timeoutKey().orElseThrow(() -> new IllegalArgumentException(stage + " has no timeout key")));
    }

    /** The retries of the stage, by the stage's own worker type. */
    public RetryPolicy retry(Stage stage) {
        return retries.of(
                stage.workerType().orElseThrow(() -> new IllegalArgumentException(stage + " has no worker type")));
    }
}
