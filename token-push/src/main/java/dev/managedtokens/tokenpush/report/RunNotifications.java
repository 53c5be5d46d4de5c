package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.notify.PushError;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.RunService;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.ServiceOutcome;
import dev.managedtokens.tokenpush.run.Step;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.ServicePushResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a run's outcomes into the notifications the Go service sends (spec §4.1), every one keyed by the config
 * name {@code E_R} (DIFFERENCES §8.2): a setup error per failed step, "Could not ping the following nodes" when a
 * node did not answer (the push was still tried), and one push error per node whose vault-token push failed.
 */
public final class RunNotifications {

    private RunNotifications() {}

    /** Every selected service, with its stakeholders; a listed service without errors has its counts reset. */
    public static List<RunService> services(List<ServiceSettings> selected) {
        return selected.stream().map(s -> new RunService(s.service().configName(), s.emails())).toList();
    }

    public static RunErrors errors(RunReport report) {
        List<SetupError> setup = new ArrayList<>();
        List<PushError> push = new ArrayList<>();
        for (ServiceOutcome o : report.services()) {
            String key = o.service().configName();
            o.ping().filter(p -> !p.succeeded()).ifPresent(p -> setup.add(new SetupError(key,
                    "Could not ping the following nodes: " + String.join(", ", p.unpingableNodes()))));
            if (o.succeeded()) {
                continue;
            }
            Step step = o.failedAt().orElseThrow();
            if (step == Step.PUSH && o.push().isPresent()) {
                push.addAll(pushErrors(key, o.push().get()));
            } else {
                setup.add(new SetupError(key, setupMessage(step, o)));
            }
        }
        return new RunErrors(setup, push);
    }

    private static String setupMessage(Step step, ServiceOutcome o) {
        return switch (step) {
            case KERBEROS -> o.ticket().filter(t -> t.timedOut()).isPresent() ? "Timeout error"
                    : "Could not obtain and verify kerberos ticket: " + o.reason();
            case PUSH -> "Error retrieving one or more values from the configuration to push tokens: " + o.reason();
            default -> o.reason();
        };
    }

    /** At most one push error per node, naming what failed; a timeout reads "(timeout error)" as upstream. */
    private static List<PushError> pushErrors(String key, ServicePushResult push) {
        List<PushError> out = new ArrayList<>();
        for (String node : push.failedNodes()) {
            List<FilePushResult> failed = push.failedVaultTokenPushes(node);
            boolean timeout = failed.stream().anyMatch(f -> f.result().failure().kind() == FailureKind.TIMEOUT);
            String detail = timeout ? "(timeout error)" : failed.get(0).result().failure().message();
            out.add(new PushError(key, node, "Error pushing vault tokens to destination node " + node + ": " + detail));
        }
        return out;
    }
}
