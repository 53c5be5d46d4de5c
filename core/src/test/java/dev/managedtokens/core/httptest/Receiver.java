package dev.managedtokens.core.httptest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An HTTP server on a loopback port that records every request and answers with a fixed status, or never answers
 * while {@link #hang} is on: the other end of the Pushgateway, OTLP and Loki clients in tests, and under the
 * testbed's Slack webhook stand-in (this class reaches it through core's test-jar).
 */
public final class Receiver implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst()
                    .orElse(null);
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile byte[] responseBody = new byte[0];
    private volatile String responseContentType;
    private volatile boolean hang;

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static Receiver start() {
        try {
            return new Receiver();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Receiver answer(int status) {
        this.status = status;
        return this;
    }

    public Receiver answerBody(byte[] body) {
        this.responseBody = body;
        return this;
    }

    public Receiver answerContentType(String contentType) {
        this.responseContentType = contentType;
        return this;
    }

    /** From now on requests are read and recorded, but never answered (until {@link #close}). */
    public Receiver hang() {
        this.hang = true;
        return this;
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests received so far, for the next case of a shared receiver. */
    public synchronized void reset() {
        requests.clear();
    }

    /** Waits until the recorded requests satisfy {@code condition}, or fails after {@code timeout}. */
    public List<Request> await(Predicate<List<Request>> condition, Duration timeout) throws InterruptedException {
        List<Request> got = awaitAtMost(condition, timeout);
        if (!condition.test(got)) {
            throw new AssertionError("condition not met within " + timeout + "; got " + got.size() + " request(s)");
        }
        return got;
    }

    /** Waits until the recorded requests satisfy {@code condition} or {@code timeout} passes; returns them all. */
    public synchronized List<Request> awaitAtMost(Predicate<List<Request>> condition, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.test(requests)) {
            long left = end - System.nanoTime();
            if (left <= 0) break;
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        synchronized (this) {
            requests.add(new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            notifyAll();
        }
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] answer = responseBody;
        if (responseContentType != null) exchange.getResponseHeaders().set("Content-Type", responseContentType);
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
