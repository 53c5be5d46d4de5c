package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.RetryPolicy;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.notify.PushError;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.DryRunReport.PlannedCommand;
import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.PlanningContext;
import dev.managedtokens.tokenpush.plan.ResolvedService;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.PushRequest;
import dev.managedtokens.worker.push.ServicePush;
import dev.managedtokens.worker.push.ServicePushRequest;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.push.TokenPusher;
import dev.managedtokens.worker.vault.SourceTokenFinder;
import dev.managedtokens.worker.vault.SourceTokenResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies the vault token (twice) and the role file to every node of the service with {@code rsync -e ssh}. */
public final class PushStep implements Step<PushStep.Plan> {

    private static final Logger log = LoggerFactory.getLogger(PushStep.class);

    public static final Stage STAGE = Stage.of("pushTokens", TimeoutKey.PUSH, WorkerType.PUSH_TOKENS);

    /**
     * The push of one service, finished at plan time: nodes, account, destinations, role file, the merged ssh and
     * rsync options and the retries. What only the run knows is bound at push time: which local token to send (the
     * token step has just written it), the nodes that did not answer ping, the credential cache and the time left.
     *
     * @param options   with no {@code KRB5CCNAME}; its timeout is the configured {@code pushTimeout}
     * @param tokenRoot where the token step leaves the tokens the push chooses from
     * @param credds    the credds whose tokens may be sent, for store services; null for getToken services
     * @param runUid    the UID running token-push, in the local token names
     */
    public record Plan(
            String service,
            int uid,
            String account,
            List<String> nodes,
            String role,
            Optional<String> roleFileDestination,
            Path tmpDir,
            PushOptions options,
            Path tokenRoot,
            List<String> credds,
            int runUid) {

        public Plan {
            nodes = List.copyOf(nodes);
            credds = credds == null ? null : List.copyOf(credds);
        }

        /** The worker's request for this run. */
        ServicePushRequest bind(Path sourceToken, Set<String> unpingableNodes, String krb5ccname, Duration timeout) {
            PushOptions o = options;
            return new ServicePushRequest(
                    service,
                    uid,
                    account,
                    nodes,
                    sourceToken,
                    role,
                    roleFileDestination.orElse(null),
                    tmpDir,
                    unpingableNodes,
                    new PushOptions(
                            o.rsync(),
                            o.ssh(),
                            o.sshArgs(),
                            o.rsyncOptions(),
                            krb5ccname,
                            o.baseEnvironment(),
                            timeout,
                            o.numRetries(),
                            o.retrySleep()));
        }

        /** The vault token's two destinations on every node: fixed, not configurable. */
        List<String> vaultTokenDestinations() {
            return List.of("/tmp/vt_u" + uid, "/tmp/vt_u" + uid + "-" + service);
        }

        /** The token a push sends: chosen at run time among the fresh ones; this is the one a healthy run picks. */
        Path healthyRunSource() {
            return credds != null && !credds.isEmpty()
                    ? tokenRoot.resolve("vt_u" + runUid + "-"
                            + credds.stream().sorted().findFirst().orElseThrow() + "-" + service)
                    : tokenRoot.resolve("vt_u" + runUid + "-" + service);
        }
    }

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
            return STAGE;
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

    /** Every node, both token destinations and the role file; none when the run stops after the token. */
    @Override
    public Optional<Plan> plan(PlanningContext context) {
        if (context.mode().stopsAfterTokens()) return Optional.empty();
        ResolvedService p = context.service();
        ServiceSettings s = p.settings();
        RetryPolicy retry = context.retry(STAGE);
        PushOptions options = new PushOptions(
                "rsync",
                "ssh",
                OptionMerger.sshOptions(s.sshOptions()),
                s.fileCopierOptions(),
                null,
                context.environment(),
                context.timeout(STAGE),
                retry.numRetries(),
                retry.retrySleep());
        return Optional.of(new Plan(
                p.name().name(),
                (int) p.uid(),
                s.account(),
                s.destinationNodes(),
                p.name().role(),
                p.roleFileDestination(),
                context.tmpRoot(),
                options,
                Path.of(s.tokenRoot()),
                p.storesInCredds() ? p.credds() : null,
                context.runUid()));
    }

    @Override
    public Stage stage(Plan plan) {
        return STAGE;
    }

    /** The rsync of both token destinations to every node, and the files they and the role file land in. */
    @Override
    public PlannableStep.Preview preview(Plan plan, PlannableStep.Placeholders placeholders) {
        String krb5ccname = placeholders.krb5ccname();
        Path source = plan.healthyRunSource();
        PushOptions options = plan.bind(
                        source, Set.of(), krb5ccname, plan.options().timeout())
                .options();
        List<PlannedCommand> commands = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String node : plan.nodes()) {
            for (String dest : plan.vaultTokenDestinations()) {
                commands.add(PlannedCommand.of(
                        STAGE,
                        TokenPusher.argv(new PushRequest(source, plan.account(), node, dest, false, options)),
                        Map.of("KRB5CCNAME", krb5ccname)));
                remote.add(node + ":" + dest);
            }
            plan.roleFileDestination()
                    .ifPresent(dest -> remote.add(node + ":" + dest + " (role file: " + plan.role() + ")"));
        }
        return new PlannableStep.Preview(commands, List.of(), remote);
    }

    @Override
    public StepResult run(ServiceRun run, Plan plan) {
        PlannedService service = run.service();
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
    public StepResult notRun(Plan plan, String reason) {
        return new Pushed(Optional.empty(), List.of(), Optional.of(reason));
    }
}
