package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.tokenpush.run.PingStep;
import dev.managedtokens.tokenpush.run.PushStep;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.ServiceOutcome;
import dev.managedtokens.tokenpush.run.StepResult;
import dev.managedtokens.tokenpush.run.TokenStep;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.ping.NodePingResult;
import dev.managedtokens.worker.ping.PingRequest;
import dev.managedtokens.worker.ping.PingResult;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.PushRequest;
import dev.managedtokens.worker.push.PushResult;
import dev.managedtokens.worker.push.PushedFile;
import dev.managedtokens.worker.push.ServicePushRequest;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.StoreResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Run reports as the pipeline builds them, from the worker's real result records: a service that stored in two
 * credds, pinged and pushed to two nodes, with chosen failures.
 */
final class Outcomes {

    static final Failure FAILED = new Failure(FailureKind.COMMAND_FAILED, "it failed");
    private static final PushOptions OPTIONS = new PushOptions(
            "rsync", "ssh", List.of(), List.of(), "FILE:/tmp/c", Map.of(), Duration.ofSeconds(30), 0, Duration.ZERO);

    private Outcomes() {}

    static StoreResult store(String service, String credd, boolean ok, long millis) {
        StoreRequest request = new StoreRequest(
                service,
                credd,
                "collector",
                "vault",
                "FILE:/tmp/c",
                null,
                Path.of("/var/lib/managed-tokens"),
                Path.of("/tmp"),
                1000,
                null,
                Map.of(),
                Duration.ofSeconds(60),
                false,
                false);
        return new StoreResult(request, ok ? null : FAILED, false, "", Duration.ofMillis(millis));
    }

    static PingResult ping(String service, Map<String, Long> okMillis, List<String> failed) {
        List<String> nodes = new ArrayList<>(okMillis.keySet());
        nodes.addAll(failed);
        List<NodePingResult> results = new ArrayList<>();
        okMillis.forEach((node, ms) -> results.add(new NodePingResult(node, null, Duration.ofMillis(ms))));
        failed.forEach(node -> results.add(new NodePingResult(node, FAILED, Duration.ZERO)));
        return new PingResult(
                new PingRequest(service, nodes, List.of("-W", "5", "-c", "1"), Map.of(), Duration.ofSeconds(10)),
                results);
    }

    /** One file pushed to one node: null {@code failure} is a success. */
    static FilePushResult file(String node, PushedFile file, Failure failure, long millis) {
        PushRequest request = new PushRequest(Path.of("/tmp/token"), "dunepro", node, "/tmp/vt_u1000", false, OPTIONS);
        return new FilePushResult(node, file, new PushResult(request, failure, 1, Duration.ofMillis(millis), ""));
    }

    static ServicePushResult push(String service, List<String> nodes, List<FilePushResult> files) {
        ServicePushRequest request = new ServicePushRequest(
                service,
                1000,
                "dunepro",
                nodes,
                Path.of("/tmp/token"),
                "production",
                "/tmp/role",
                Path.of("/tmp"),
                Set.of(),
                OPTIONS);
        return new ServicePushResult(request, files, null);
    }

    static ServiceOutcome outcome(
            ServiceName name, Stage failedAt, List<StoreResult> stores, PingResult ping, ServicePushResult push) {
        // The step results in the order the pipeline makes them; the step the service failed at carries the reason.
        Optional<String> failed = Optional.of("failed");
        List<StepResult> steps = new ArrayList<>();
        if (!stores.isEmpty() || TokenStep.STORE.equals(failedAt)) {
            steps.add(new TokenStep.Stored(stores, TokenStep.STORE.equals(failedAt) ? failed : Optional.empty()));
        }
        if (ping != null) {
            steps.add(new PingStep.Pinged(Optional.of(ping), Optional.empty()));
        }
        if (push != null) {
            steps.add(new PushStep.Pushed(
                    Optional.of(push),
                    ping == null ? List.of() : ping.unpingableNodes(),
                    PushStep.STAGE.equals(failedAt) ? failed : Optional.empty()));
        }
        return new ServiceOutcome(
                name, Optional.ofNullable(failedAt), failedAt == null ? "" : "failed", steps, Duration.ofSeconds(5));
    }

    static RunReport report(Map<Stage, Duration> stages, ServiceOutcome... outcomes) {
        return new RunReport(RunMode.NORMAL, List.of(outcomes), stages, Duration.ofSeconds(20));
    }
}
