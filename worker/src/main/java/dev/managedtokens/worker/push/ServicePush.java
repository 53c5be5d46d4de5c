package dev.managedtokens.worker.push;

import dev.managedtokens.core.scratch.ScratchNames;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.TokenFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Pushes one service's files to all its nodes at once: the vault token to {@code /tmp/vt_u<uid>} and
 * {@code /tmp/vt_u<uid>-<service>}, and the role file (once, no retries, a failure never fails the service).
 */
public final class ServicePush {

    private static final Logger log = LoggerFactory.getLogger(ServicePush.class);

    private record Planned(String node, PushedFile file, PushRequest request) {}

    private final TokenPusher pusher;

    public ServicePush(TokenPusher pusher) {
        this.pusher = pusher;
    }

    public ServicePushResult push(ServicePushRequest request) {
        Failure roleFileFailure = null;
        Path roleFile = null;
        if (request.roleFileDestination() != null) {
            try {
                roleFile = TokenFiles.createPrivateFile(
                        request.tmpDir(),
                        ScratchNames.prefix("managed_tokens_default_role_file"),
                        "",
                        (request.role() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                roleFileFailure = new Failure(
                        FailureKind.FILE_ERROR,
                        "could not write the role file for " + request.service() + " under " + request.tmpDir() + " ("
                                + e + "); no role file is sent");
                log.error("{}", roleFileFailure.message());
                if (roleFile != null) TokenFiles.deleteRecursively(roleFile);
                roleFile = null;
            }
        }
        try {
            return new ServicePushResult(request, runAll(plan(request, roleFile)), roleFileFailure);
        } finally {
            if (roleFile != null) TokenFiles.deleteRecursively(roleFile);
        }
    }

    private static List<Planned> plan(ServicePushRequest request, Path roleFile) {
        List<Planned> plan = new ArrayList<>();
        for (String node : request.nodes()) {
            boolean unpingable = request.unpingableNodes().contains(node);
            plan.add(new Planned(
                    node,
                    PushedFile.VAULT_TOKEN,
                    new PushRequest(
                            request.sourceToken(),
                            request.account(),
                            node,
                            request.vaultTokenDestination(),
                            unpingable,
                            request.options())));
            plan.add(new Planned(
                    node,
                    PushedFile.SERVICE_VAULT_TOKEN,
                    new PushRequest(
                            request.sourceToken(),
                            request.account(),
                            node,
                            request.serviceVaultTokenDestination(),
                            unpingable,
                            request.options())));
            if (roleFile != null) {
                plan.add(new Planned(
                        node,
                        PushedFile.ROLE_FILE,
                        new PushRequest(
                                roleFile,
                                request.account(),
                                node,
                                request.roleFileDestination(),
                                unpingable,
                                request.options().withoutRetries())));
            }
        }
        return plan;
    }

    private List<FilePushResult> runAll(List<Planned> plan) {
        List<FilePushResult> results = new ArrayList<>();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PushResult>> running = new ArrayList<>();
            for (Planned p : plan) {
                running.add(threads.submit(() -> {
                    if (logContext != null) MDC.setContextMap(logContext);
                    MDC.put("node", p.node());
                    return pusher.push(p.request());
                }));
            }
            for (int i = 0; i < plan.size(); i++) {
                Planned p = plan.get(i);
                PushResult r = outcome(running.get(i), p.request());
                if (!r.succeeded()) {
                    if (p.file().isVaultToken()) {
                        log.error(
                                "Error pushing vault tokens to destination node {}: {}",
                                p.node(),
                                r.failure().message());
                    } else {
                        log.warn(
                                "Could not push the role file to {} (not counted as a failure): {}",
                                p.node(),
                                r.failure().message());
                    }
                }
                results.add(new FilePushResult(p.node(), p.file(), r));
            }
        }
        return results;
    }

    private static PushResult outcome(Future<PushResult> push, PushRequest request) {
        try {
            return push.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PushResult(
                    request,
                    new Failure(FailureKind.CANCELLED, "push to " + request.node() + " cancelled"),
                    0,
                    Duration.ZERO,
                    "");
        } catch (ExecutionException e) {
            return new PushResult(
                    request,
                    new Failure(
                            FailureKind.COMMAND_FAILED,
                            "push to " + request.node() + " could not be run: " + e.getCause()),
                    0,
                    Duration.ZERO,
                    "");
        }
    }
}
