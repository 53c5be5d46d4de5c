package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.RunService;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.ServiceOutcome;
import dev.managedtokens.tokenpush.run.StepResult;
import java.util.List;

/**
 * Turns a run's outcomes into the notifications the Go service sends (docs/notifications.md), every one keyed by
 * the config name {@code E_R} (docs/compatibility.md). What each step's result means is the step's own: a setup error
 * per failed step, "Could not ping the following nodes" when a node did not answer (the push was still tried), one
 * push error per node whose vault-token push failed.
 */
final class RunNotifications {

    private RunNotifications() {}

    /** Every selected service, with its stakeholders; a listed service without errors has its counts reset. */
    public static List<RunService> services(List<ServiceSettings> selected) {
        return selected.stream()
                .map(s -> new RunService(s.service().configName(), s.emails()))
                .toList();
    }

    public static RunErrors errors(RunReport report) {
        RunErrors errors = RunErrors.NONE;
        for (ServiceOutcome o : report.services()) {
            String key = o.service().configName();
            for (StepResult step : o.steps()) {
                errors = errors.plus(new RunErrors(step.notices(key), List.of()));
            }
            if (o.succeeded()) {
                continue;
            }
            // The step the pipeline ended at says what its failure means; a service that never started is a setup
            // error with its reason.
            errors = errors.plus(o.failedStep()
                    .map(step -> step.errorsWhenFailed(key, o.reason()))
                    .orElseGet(() -> RunErrors.of(new SetupError(key, o.reason()))));
        }
        return errors;
    }
}
