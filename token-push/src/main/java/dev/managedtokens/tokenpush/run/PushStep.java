package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.notify.PushError;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.PushPlan;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.ServicePush;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.vault.SourceTokenFinder;
import dev.managedtokens.worker.vault.SourceTokenResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies the vault token (twice) and the role file to every node of the service with {@code rsync -e ssh}. */
public final class PushStep implements Step {

    private static final Logger log = LoggerFactory.getLogger(PushStep.class);

    /**
     * The push, or none when it was not tried (no token to send, or the step was not started).
     *
     * @param unpingableNodes the nodes that did not answer ping before this push, for the summary
     */
    public record Pushed(Optional<ServicePushResult> push, List<String> unpingableNodes, Optional<String> failure)
            implements StepResult {

        public Pushed {
            unpingableNodes = List.copyOf(unpingableNodes);
        }

        static Pushed of(ServicePushResult push, List<String> unpingableNodes) {
            return new Pushed(
                    Optional.of(push),
                    unpingableNodes,
                    push.succeeded()
                            ? Optional.empty()
                            : Optional.of("could not push vault tokens to " + String.join(", ", push.failedNodes())));
        }

        @Override
        public Stage stage() {
            return Stage.PUSH;
        }

        /**
         * Every successful push (role file included) sets the node's push duration, the last one wins; every failed
         * vault-token push counts one failure. The last-push timestamp is set for every node only when no vault-token
         * push of the service failed, as the Go service does.
         */
        @Override
        public void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {
            push.ifPresent(p -> {
                for (FilePushResult file : p.pushes()) {
                    if (file.succeeded()) {
                        metrics.tokenPushDuration(
                                service.name(), file.node(), file.result().elapsed());
                    } else if (file.file().isVaultToken()) {
                        metrics.failedTokenPush(service.name(), file.node());
                    }
                }
                if (p.succeeded()) {
                    p.request().nodes().forEach(node -> metrics.tokenPushed(service.name(), node, now));
                }
            });
        }

        /** At most one push error per node, naming what failed; a timeout reads "(timeout error)" as upstream. */
        @Override
        public RunErrors errorsWhenFailed(String key, String reason) {
            if (push.isEmpty()) {
                return RunErrors.of(new SetupError(
                        key, "Error retrieving one or more values from the configuration to push tokens: " + reason));
            }
            List<PushError> out = new ArrayList<>();
            for (String node : push.get().failedNodes()) {
                List<FilePushResult> failed = push.get().failedVaultTokenPushes(node);
                boolean timeout =
                        failed.stream().anyMatch(f -> f.result().failure().kind() == FailureKind.TIMEOUT);
                String detail = timeout
                        ? "(timeout error)"
                        : failed.get(0).result().failure().message();
                out.add(new PushError(
                        key, node, "Error pushing vault tokens to destination node " + node + ": " + detail));
            }
            return new RunErrors(List.of(), out);
        }

        @Override
        public Optional<String> successDetail() {
            return push.map(p -> "pushed to " + String.join(", ", p.succeededNodes())
                    + (unpingableNodes.isEmpty()
                            ? ""
                            : " (did not answer ping: " + String.join(", ", unpingableNodes) + ")"));
        }

        @Override
        public List<String> failureDetails() {
            return push.map(p -> p.failedNodes().stream()
                            .map(node -> node + ": " + describe(p.failedVaultTokenPushes(node)))
                            .toList())
                    .orElse(List.of());
        }

        /** The failed vault-token pushes of a node, one line. */
        static String describe(List<FilePushResult> failed) {
            return failed.stream()
                    .map(f -> f.result().failure().message())
                    .distinct()
                    .collect(Collectors.joining("; "));
        }
    }

    private final ServicePush pusher;
    private final Clock clock;

    public PushStep(ServicePush pusher, Clock clock) {
        this.pusher = pusher;
        this.clock = clock;
    }

    @Override
    public Stage stage(PlannedService service) {
        return Stage.PUSH;
    }

    @Override
    public boolean planned(PlannedService service) {
        return service.requests().push().isPresent();
    }

    @Override
    public StepResult run(ServiceRun run) {
        PlannedService service = run.service();
        PushPlan plan = service.requests().push().orElseThrow();
        List<String> unpingable = run.earlier(PingStep.Pinged.class)
                .map(PingStep.Pinged::unpingableNodes)
                .orElse(List.of());
        // The last resort is the condor location, which HTCondor keeps in /tmp whatever TMPDIR says.
        SourceTokenResult source = SourceTokenFinder.find(
                plan.tokenRoot(), ServicePlanner.CONDOR_TMP, plan.runUid(), plan.service(), plan.credds());
        if (!source.succeeded()) {
            return new Pushed(
                    Optional.empty(),
                    unpingable,
                    Optional.of("could not find suitable vault token to push: "
                            + source.failure().message()));
        }
        ServicePushResult pushed;
        try (ActiveSpan span = Spans.start(
                "worker.PushTokensWorker.serviceConfig",
                Map.of("service", service.name().name()))) {
            Instant pushStart = clock.instant();
            pushed = pusher.push(plan.bind(
                    source.token(),
                    new HashSet<>(unpingable),
                    run.krb5ccname(),
                    run.cap(plan.options().timeout())));
            NodeSpans.pushes(service.name().name(), pushStart, pushed);
            if (!pushed.succeeded())
                span.error("could not push vault tokens to " + String.join(", ", pushed.failedNodes()));
        }
        if (pushed.succeeded()) {
            log.info(
                    "Successful nodes for {}: {}",
                    service.name().configName(),
                    String.join(", ", pushed.succeededNodes()));
        }
        return Pushed.of(pushed, unpingable);
    }

    @Override
    public StepResult notRun(PlannedService service, String reason) {
        return new Pushed(Optional.empty(), List.of(), Optional.of(reason));
    }
}
