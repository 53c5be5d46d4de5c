package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.DryRunReport.PlannedCommand;
import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.PlanningContext;
import dev.managedtokens.tokenpush.plan.ResolvedService;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.ping.NodePingResult;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.ping.PingRequest;
import dev.managedtokens.worker.ping.PingResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every node of the service. A node that does not answer is reported and the push is still tried, as
 * upstream.
 */
public final class PingStep implements Step<PingRequest> {

    private static final Logger log = LoggerFactory.getLogger(PingStep.class);

    public static final Stage STAGE = Stage.of("pingNodes", TimeoutKey.PING, WorkerType.PING_AGGREGATOR);

    /** The pings, or none when the step was not started. */
    public record Pinged(Optional<PingResult> ping, Optional<String> failure) implements StepResult {

        static Pinged of(PingResult ping) {
            return new Pinged(
                    Optional.of(ping),
                    ping.succeeded()
                            ? Optional.empty()
                            : Optional.of("Could not ping the following nodes: "
                                    + String.join(", ", ping.unpingableNodes())));
        }

        /** The nodes that did not answer, in the order of the service's nodes. */
        public List<String> unpingableNodes() {
            return ping.map(PingResult::unpingableNodes).orElse(List.of());
        }

        @Override
        public Stage stage() {
            return STAGE;
        }

        @Override
        public void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {
            ping.ifPresent(p -> {
                for (NodePingResult node : p.nodes()) {
                    if (node.succeeded()) metrics.pingDuration(node.node(), node.elapsed());
                    else metrics.failedPing(node.node());
                }
            });
        }

        @Override
        public List<SetupError> notices(String key) {
            return ping.filter(p -> !p.succeeded())
                    .map(p -> List.of(new SetupError(
                            key, "Could not ping the following nodes: " + String.join(", ", p.unpingableNodes()))))
                    .orElse(List.of());
        }
    }

    private final NodePinger pinger;
    private final Clock clock;

    public PingStep(NodePinger pinger, Clock clock) {
        this.pinger = pinger;
        this.clock = clock;
    }

    /** Every node of the service with the merged ping arguments; none when the run stops after the token. */
    @Override
    public Optional<PingRequest> plan(PlanningContext context) {
        if (context.mode().stopsAfterTokens()) return Optional.empty();
        ResolvedService s = context.service();
        return Optional.of(new PingRequest(
                s.name().name(),
                s.settings().destinationNodes(),
                OptionMerger.pingOptions(s.settings().pingOptions()),
                context.environment(),
                context.timeout(STAGE)));
    }

    @Override
    public Stage stage(PingRequest request) {
        return STAGE;
    }

    @Override
    public PlannableStep.Preview preview(PingRequest request, PlannableStep.Placeholders placeholders) {
        return PlannableStep.Preview.of(request.nodes().stream()
                .map(node -> PlannedCommand.of(STAGE, NodePinger.argv(request.pingArgs(), node), Map.of()))
                .toList());
    }

    @Override
    public boolean failureEndsPipeline() {
        return false;
    }

    @Override
    public StepResult run(ServiceRun run, PingRequest planned) {
        PlannedService service = run.service();
        PingResult pinged;
        try (ActiveSpan span = Spans.start(
                "worker.PingAggregatorWorker_anonFunc",
                Map.of("service", service.name().name()))) {
            Instant pingStart = clock.instant();
            pinged = pinger.ping(new PingRequest(
                    planned.service(),
                    planned.nodes(),
                    planned.pingArgs(),
                    planned.environment(),
                    run.cap(planned.timeout())));
            NodeSpans.pings(service.name().name(), pingStart, pinged);
            if (!pinged.succeeded())
                span.error("Could not ping the following nodes: " + String.join(", ", pinged.unpingableNodes()));
        }
        if (!pinged.succeeded()) {
            log.warn(
                    "Could not ping all nodes for {} ({}).  We'll still try to push tokens to all configured"
                            + " nodes, but there may be failures",
                    service.name().configName(),
                    String.join(", ", pinged.unpingableNodes()));
        }
        return Pinged.of(pinged);
    }

    @Override
    public StepResult notRun(PingRequest request, String reason) {
        return new Pinged(Optional.empty(), Optional.of(reason));
    }
}
