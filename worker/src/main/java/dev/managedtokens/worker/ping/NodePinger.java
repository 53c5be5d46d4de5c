package dev.managedtokens.worker.ping;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.process.Termination;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.MDC;

/**
 * Pings all nodes of a service at once ({@code ping <merged args> <node>}), each on its own virtual thread, all
 * within the one ping timeout of the service. A node that does not answer is reported; the caller still pushes.
 */
public final class NodePinger {

    private final ProcessRunner runner;

    public NodePinger(ProcessRunner runner) {
        this.runner = runner;
    }

    public PingResult ping(PingRequest request) {
        Deadline deadline = Deadline.after(request.timeout());
        List<NodePingResult> results = new ArrayList<>();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<NodePingResult>> pings = new ArrayList<>();
            for (String node : request.nodes()) {
                pings.add(threads.submit(() -> {
                    if (logContext != null) MDC.setContextMap(logContext);
                    MDC.put("node", node);
                    return pingOne(request, node, deadline);
                }));
            }
            for (int i = 0; i < pings.size(); i++) {
                results.add(outcome(pings.get(i), request.nodes().get(i)));
            }
        }
        return new PingResult(request, results);
    }

    private NodePingResult pingOne(PingRequest request, String node, Deadline deadline) {
        long start = System.nanoTime();
        if (deadline.expired()) {
            return new NodePingResult(
                    node,
                    new Failure(
                            FailureKind.TIMEOUT,
                            "ping " + node + ": context deadline exceeded (the ping timeout of " + request.service()
                                    + " had passed)"),
                    Duration.ZERO);
        }
        CommandResult r =
                runner.run(Command.of(argv(request.pingArgs(), node), request.environment(), deadline.remaining()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (r.succeeded()) return new NodePingResult(node, null, elapsed);
        Failure failure;
        if (r.timedOut()) {
            failure = new Failure(
                    FailureKind.TIMEOUT,
                    "ping " + node + ": no answer within the ping timeout of "
                            + request.timeout().toSeconds() + "s; check that the node is up");
        } else if (r.termination() == Termination.INTERRUPTED) {
            failure = new Failure(FailureKind.CANCELLED, "ping " + node + ": cancelled");
        } else {
            failure = new Failure(
                    FailureKind.COMMAND_FAILED,
                    "ping " + node + " failed (" + r.describe() + ")"
                            + Outputs.suffix(Outputs.lastLine(r.combinedOutput()))
                            + "; check that the node is up and answers ping");
        }
        return new NodePingResult(node, failure, elapsed);
    }

    /**
     * {@code ping <args> -- <node>}: iputils' ping parses with getopt, so after {@code --} a node starting with
     * {@code -} is a host name to resolve (and fail), never an option.
     */
    public static List<String> argv(List<String> pingArgs, String node) {
        List<String> argv = new ArrayList<>();
        argv.add("ping");
        argv.addAll(pingArgs);
        argv.add("--");
        argv.add(node);
        return argv;
    }

    private static NodePingResult outcome(Future<NodePingResult> ping, String node) {
        try {
            return ping.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NodePingResult(
                    node, new Failure(FailureKind.CANCELLED, "ping " + node + ": cancelled"), Duration.ZERO);
        } catch (ExecutionException e) {
            return new NodePingResult(
                    node,
                    new Failure(FailureKind.COMMAND_FAILED, "ping " + node + " could not be run: " + e.getCause()),
                    Duration.ZERO);
        }
    }
}
