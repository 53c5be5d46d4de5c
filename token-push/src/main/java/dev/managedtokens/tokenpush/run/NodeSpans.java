package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.core.tracing.Tracing;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.ping.NodePingResult;
import dev.managedtokens.worker.ping.PingResult;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.ServicePushResult;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.time.Instant;

/**
 * The per-node spans (docs/run-flow.md) under the current ping or push span: {@code worker.pingAllNodes_anonFunc}
 * ({@code node}) per node and {@code worker.pushToNode} ({@code service}, {@code node}, {@code sourceFilename},
 * {@code destinationFilename}) per file. The worker pings and pushes every node at once on threads of its own that
 * carry no trace context, so the spans are recorded from the results: each starts with the step and lasts as long as
 * its ping or push took.
 */
final class NodeSpans {

    static final String PING_NODE = "worker.pingAllNodes_anonFunc";
    static final String PUSH_NODE = "worker.pushToNode";

    private NodeSpans() {}

    /** Call while the step's ping span is current. */
    static void pings(String service, Instant started, PingResult result) {
        for (NodePingResult node : result.nodes()) {
            record(
                    PING_NODE,
                    Attributes.of(
                            AttributeKey.stringKey("service"), service, AttributeKey.stringKey("node"), node.node()),
                    started,
                    node.elapsed(),
                    node.failure());
        }
    }

    /** Call while the step's push span is current. */
    static void pushes(String service, Instant started, ServicePushResult result) {
        for (FilePushResult file : result.pushes()) {
            record(
                    PUSH_NODE,
                    Attributes.builder()
                            .put("service", service)
                            .put("node", file.node())
                            .put(
                                    "sourceFilename",
                                    file.result().request().source().toString())
                            .put("destinationFilename", file.result().request().destination())
                            .build(),
                    started,
                    file.result().elapsed(),
                    file.result().failure());
        }
    }

    private static void record(String name, Attributes attributes, Instant started, Duration elapsed, Failure failure) {
        Span span = Tracing.current()
                .tracer(Spans.LIBRARY)
                .spanBuilder(name)
                .setAllAttributes(attributes)
                .setStartTimestamp(started)
                .startSpan();
        if (failure == null) {
            span.setStatus(StatusCode.OK);
        } else {
            // As ActiveSpan.error: the status with the message, and the error as an event.
            span.setStatus(StatusCode.ERROR, failure.message());
            span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.message"), failure.message()));
        }
        span.end(started.plus(elapsed));
    }
}
