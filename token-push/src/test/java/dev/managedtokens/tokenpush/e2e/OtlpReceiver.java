package dev.managedtokens.tokenpush.e2e;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An OpenTelemetry collector's OTLP/HTTP traces endpoint on 127.0.0.1: decodes every protobuf
 * {@code ExportTraceServiceRequest} it is sent into {@link ReceivedSpan}s and answers as a collector does.
 */
final class OtlpReceiver implements AutoCloseable {

    static final String PATH = "/v1/traces";

    /** A span as the collector got it, with its resource's and scope's names and its attributes as text. */
    record ReceivedSpan(
            String serviceName,
            String scope,
            String name,
            String traceId,
            String spanId,
            String parentSpanId,
            Map<String, String> attributes,
            Status.StatusCode status,
            String statusMessage,
            List<String> events) {

        String attribute(String key) {
            return attributes.get(key);
        }

        boolean isRoot() {
            return parentSpanId.isEmpty();
        }

        @Override
        public String toString() {
            return scope + "/" + name + attributes + " " + status + (statusMessage.isEmpty() ? "" : " " + statusMessage)
                    + " id=" + spanId + " parent=" + parentSpanId;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ReceivedSpan> spans = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static OtlpReceiver start() {
        try {
            return new OtlpReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP receiver on loopback", e);
        }
    }

    /** The endpoint to configure as {@code tracing.url}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    synchronized List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    /** Requests that were not OTLP protobuf traces to {@link #PATH}; a test expects none. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized void reset() {
        spans.clear();
        problems.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        synchronized (this) {
            if (!exchange.getRequestMethod().equals("POST")
                    || !exchange.getRequestURI().getPath().equals(PATH)
                    || type == null
                    || !type.startsWith("application/x-protobuf")) {
                problems.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + type);
            } else {
                try {
                    decode(ExportTraceServiceRequest.parseFrom(body));
                } catch (InvalidProtocolBufferException e) {
                    problems.add("not an ExportTraceServiceRequest: " + e.getMessage());
                }
            }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private void decode(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = text(rs.getResource().getAttributesList()).getOrDefault("service.name", "");
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans.add(new ReceivedSpan(
                            service,
                            ss.getScope().getName(),
                            s.getName(),
                            hex.formatHex(s.getTraceId().toByteArray()),
                            hex.formatHex(s.getSpanId().toByteArray()),
                            hex.formatHex(s.getParentSpanId().toByteArray()),
                            text(s.getAttributesList()),
                            s.getStatus().getCode(),
                            s.getStatus().getMessage(),
                            s.getEventsList().stream().map(Span.Event::getName).toList()));
                }
            }
        }
    }

    private static Map<String, String> text(List<KeyValue> attributes) {
        return attributes.stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> text(kv.getValue()), (a, b) -> b, TreeMap::new));
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case ARRAY_VALUE ->
                v.getArrayValue().getValuesList().stream()
                        .map(OtlpReceiver::text)
                        .collect(Collectors.joining(",", "[", "]"));
            default -> v.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
