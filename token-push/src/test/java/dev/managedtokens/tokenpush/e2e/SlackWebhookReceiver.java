package dev.managedtokens.tokenpush.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Slack incoming webhook on 127.0.0.1 that records every request and answers {@code 200 ok} as Slack does.
 * (notify's test helper of the same name is not shared across modules; this is the part the end-to-end tests need.)
 */
final class SlackWebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String method, String path, String contentType, String body) {}

    /** A secret-looking path like Slack's. */
    static final String PATH = "/services/T0E2E/B0E2E/e2eW3bh00kS3cr3t";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Request> requests = new ArrayList<>();

    private SlackWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static SlackWebhookReceiver start() {
        try {
            return new SlackWebhookReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Slack webhook receiver on loopback", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized void reset() {
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8)));
        }
        byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(200, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
