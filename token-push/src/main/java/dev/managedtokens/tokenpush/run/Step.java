package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.Stage;

/**
 * One step of a service's pipeline: kerberos, the vault token, ping, push. The pipeline runs the steps in the order
 * they are registered ({@link Steps#standard}); each reads its finished request from the service's plan, runs it
 * against the deadline and returns its typed result. See docs/pipeline-steps.md for how to add one.
 */
interface Step {

    /** The stage this step runs as for the service: its metric label, its timeout key and its retry key. */
    Stage stage(PlannedService service);

    /** Whether the plan holds a request for this step; a step without one is not run (test mode stops early). */
    boolean planned(PlannedService service);

    /**
     * Runs the step for one service. Expected failures (a program failed, timed out, was refused) are results; only
     * a bug throws, and then only this service fails.
     */
    StepResult run(ServiceRun run);

    /** The result of this step when it was not started: the run was cancelled or its global deadline passed. */
    StepResult notRun(PlannedService service, String reason);

    /** Whether a failure of this step ends the service's pipeline. Ping's does not: the push is still tried. */
    default boolean failureEndsPipeline() {
        return true;
    }

    /** Called once when the service's pipeline ends, however far it got. */
    default void serviceDone(PlannedService service) {}
}
