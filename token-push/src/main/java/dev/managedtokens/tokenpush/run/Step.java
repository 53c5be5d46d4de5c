package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.tokenpush.plan.PlannedService;
import java.util.List;

/**
 * One step of a service's pipeline: kerberos, the vault token, ping, push. A step is one class: it plans its own
 * request ({@link PlannableStep}), shows it to the dry run, runs it against the deadline and returns its typed
 * result. The pipeline runs the steps in the order they are registered ({@link Steps#standard}). See
 * docs/pipeline-steps.md for how to add one.
 *
 * @param <R> the step's finished request
 */
interface Step<R> extends PlannableStep<R> {

    /**
     * Runs the step's request for one service. Expected failures (a program failed, timed out, was refused) are
     * results; only a bug throws, and then only this service fails.
     */
    StepResult run(ServiceRun run, R request);

    /** The result of this step when it was not started: the run was cancelled or its global deadline passed. */
    StepResult notRun(R request, String reason);

    /** Whether a failure of this step ends the service's pipeline. Ping's does not: the push is still tried. */
    default boolean failureEndsPipeline() {
        return true;
    }

    /** Called once before any pipeline starts, with every service that will run, even when there is none. */
    default void runStarting(List<PlannedService> ready) {}

    /** Called once when the service's pipeline ends, however far it got. */
    default void serviceDone(PlannedService service) {}
}
