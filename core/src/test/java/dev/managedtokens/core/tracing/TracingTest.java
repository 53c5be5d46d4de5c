package dev.managedtokens.core.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.google.protobuf.ByteString;
import dev.managedtokens.core.config.TracingSettings;
import dev.managedtokens.core.httptest.LogCapture;
import dev.managedtokens.core.httptest.Receiver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TracingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A span as the collector got it, with the scope it was reported under. */
    record Received(String scope, Span span) {
        String attribute(String key) {
            return span.getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals(key))
                    .findFirst()
                    .map(kv -> kv.getValue().hasBoolValue()
                            ? Boolean.toString(kv.getValue().getBoolValue())
                            : kv.getValue().getStringValue())
                    .orElse(null);
        }
    }

    @Test
    void theSpanTreeReachesTheCollectorWithNamesParentsAndAttributes() throws Exception {
        try (Receiver collector = Receiver.start()) {
            // The URL is used exactly as given: no /v1/traces is added.
            String url = collector.url() + "/otlp/custom";
            try (Tracing tracing = Tracing.start(new TracingSettings(url), "test")) {
                assertTrue(tracing.enabled());
                try (ActiveSpan root = Spans.root("token-push", Map.of("test", true))) {
                    root.event("Start ping nodes");
                    Spans.run("serviceConfigSetup_anonFunc", Map.of("service", "dune_production"), () -> {
                        try (ActiveSpan push =
                                Spans.start("worker.pushToNode", Map.of("service", "dune_production", "node", "n1"))) {
                            push.ok();
                        }
                    });
                    // Work on another thread keeps its parent only through wrap().
                    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                        Future<String> f = threads.submit(Spans.wrap(() -> Spans.run(
                                "worker.StoreAndGetTokensForSchedd",
                                Map.of("service", "dune_production", "credd", "c1"),
                                () -> "stored")));
                        assertEquals("stored", f.get());
                    }
                }
            }
            List<Receiver.Request> requests = collector.await(r -> spans(r).size() >= 4, WAIT);
            assertTrue(requests.stream()
                    .allMatch(r -> r.path().equals("/otlp/custom") && r.method().equals("POST")));
            List<Received> spans = spans(requests);
            assertEquals(4, spans.size(), spans.toString());

            Received root = named(spans, "token-push");
            assertEquals("token-push", root.scope());
            assertTrue(root.span().getParentSpanId().isEmpty(), "root has no parent");
            assertEquals("true", root.attribute("test"));
            assertEquals("Start ping nodes", root.span().getEvents(0).getName());

            Received setup = named(spans, "serviceConfigSetup_anonFunc");
            Received push = named(spans, "worker.pushToNode");
            Received store = named(spans, "worker.StoreAndGetTokensForSchedd");
            assertEquals(root.span().getSpanId(), setup.span().getParentSpanId());
            assertEquals(setup.span().getSpanId(), push.span().getParentSpanId());
            assertEquals(root.span().getSpanId(), store.span().getParentSpanId());
            assertEquals(Spans.LIBRARY, push.scope());
            assertEquals("n1", push.attribute("node"));
            assertEquals("dune_production", push.attribute("service"));
            assertEquals("c1", store.attribute("credd"));
            assertEquals(
                    Status.StatusCode.STATUS_CODE_OK, push.span().getStatus().getCode());
            for (Received s : spans) {
                assertEquals(root.span().getTraceId(), s.span().getTraceId(), "one trace");
            }

            ResourceSpans resource = ExportTraceServiceRequest.parseFrom(
                            requests.getFirst().body())
                    .getResourceSpans(0);
            assertEquals(
                    Optional.of("managed-tokens"),
                    attribute(resource.getResource().getAttributesList(), "service.name"));
            assertEquals(
                    Optional.of("test"),
                    attribute(resource.getResource().getAttributesList(), "deployment.environment"));
        }
    }

    @Test
    void spansAreFlushedOnCloseEvenWhenTheRunEndsInAnException() throws Exception {
        try (Receiver collector = Receiver.start()) {
            assertThrows(IllegalStateException.class, () -> {
                try (Tracing tracing =
                                Tracing.start(new TracingSettings(collector.url() + "/v1/traces"), "production");
                        ActiveSpan root = Spans.root("refresh-uids-from-ferry", Map.of("test", false))) {
                    Spans.run("worker.GetFERRYUIDData", Map.of("username", "alice"), (Runnable) () -> {
                        throw new IllegalStateException("FERRY said no");
                    });
                }
            });
            // Nothing is waited for here beyond the close above: the spans must already be with the collector.
            List<Received> spans = spans(collector.requests());
            assertEquals(2, spans.size(), spans.toString());
            Received failed = named(spans, "worker.GetFERRYUIDData");
            assertEquals(
                    Status.StatusCode.STATUS_CODE_ERROR,
                    failed.span().getStatus().getCode());
            assertEquals("FERRY said no", failed.span().getStatus().getMessage());
            assertTrue(failed.span().getEventsList().stream()
                    .anyMatch(e -> e.getName().equals("exception")));
            assertEquals(
                    named(spans, "refresh-uids-from-ferry").span().getSpanId(),
                    failed.span().getParentSpanId());
        }
    }

    @Test
    void withoutUrlEverySpanIsANoOpAndTheWorkStillRuns() {
        try (LogCapture log = new LogCapture(Tracing.class, Level.INFO);
                Tracing tracing = Tracing.start(new TracingSettings(""), "production")) {
            assertFalse(tracing.enabled());
            // Not configured is no error: the Go service's ERROR line fired every log-based alert on every run.
            assertEquals(List.of(), log.at(Level.ERROR));
            assertEquals(List.of("no tracing url configured.  Continuing without tracing"), log.at(Level.INFO));
            try (ActiveSpan root = Spans.root("token-push", Map.of())) {
                assertFalse(root.span().isRecording());
                assertEquals(42, Spans.run("x", Map.of("k", "v"), () -> 42));
            }
        }
        assertFalse(Tracing.current().enabled());
    }

    @Test
    void aCollectorThatHangsDoesNotHoldUpTheExit() throws Exception {
        try (Receiver collector = Receiver.start().hang()) {
            // 1.5 s gives the collector time to accept the request even on a loaded 2-core machine.
            Tracing tracing =
                    Tracing.start(new TracingSettings(collector.url()), "production", Duration.ofMillis(1500));
            try (ActiveSpan root = Spans.root("token-push", Map.of())) {
                root.ok();
            }
            long start = System.nanoTime();
            tracing.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            // Two waits of at most 1.5 s each (flush, shutdown); the rest is slack for a loaded machine.
            assertTrue(took.compareTo(Duration.ofSeconds(6)) < 0, "close took " + took);
            collector.await(r -> !r.isEmpty(), WAIT); // the export was tried, and abandoned
        }
    }

    @Test
    void anErrorMarksTheSpanWithTheMessage() throws Exception {
        try (Receiver collector = Receiver.start()) {
            try (Tracing tracing = Tracing.start(new TracingSettings(collector.url()), "production");
                    ActiveSpan kinit = Spans.start("worker.GetKerberosTicketandVerify", Map.of("experiment", "dune"))) {
                kinit.error("Could not obtain kerberos ticket");
            }
            Received s = spans(collector.requests()).getFirst();
            assertEquals(
                    Status.StatusCode.STATUS_CODE_ERROR, s.span().getStatus().getCode());
            assertEquals(
                    "Could not obtain kerberos ticket", s.span().getStatus().getMessage());
            assertEquals(ByteString.EMPTY, s.span().getParentSpanId(), "no current span: a root");
        }
    }

    private static List<Received> spans(List<Receiver.Request> requests) {
        List<Received> out = new ArrayList<>();
        for (Receiver.Request r : requests) {
            try {
                for (ResourceSpans rs :
                        ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList()) {
                    for (ScopeSpans ss : rs.getScopeSpansList()) {
                        ss.getSpansList()
                                .forEach(s -> out.add(new Received(ss.getScope().getName(), s)));
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("not an OTLP protobuf request: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Received named(List<Received> spans, String name) {
        return spans.stream()
                .filter(s -> s.span().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
    }

    private static Optional<String> attribute(List<KeyValue> attributes, String key) {
        return attributes.stream()
                .filter(kv -> kv.getKey().equals(key))
                .findFirst()
                .map(kv -> kv.getValue().getStringValue());
    }
}
