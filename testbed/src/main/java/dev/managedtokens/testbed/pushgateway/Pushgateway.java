package dev.managedtokens.testbed.pushgateway;

import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.Daemon;
import dev.managedtokens.testbed.support.FreePorts;
import dev.managedtokens.testbed.support.ReadinessCheck;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real Prometheus Pushgateway on a loopback port, persistence off, admin API on (for wipe). */
public final class Pushgateway {

    private final int port;
    private final Path dir;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Daemon daemon;

    private Pushgateway(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts {@code prometheus-pushgateway} with its log in {@code dir} and waits until {@code /-/ready} answers. */
    public static Pushgateway start(Path dir, Duration timeout) {
        Pushgateway pg = new Pushgateway(FreePorts.tcp(), BedFiles.directory(dir, "rwxr-xr-x"));
        pg.startDaemon(timeout);
        return pg;
    }

    private synchronized void startDaemon(Duration timeout) {
        daemon = Daemon.start(
                "prometheus-pushgateway on port " + port,
                List.of(
                        "/usr/bin/prometheus-pushgateway",
                        "--web.listen-address=127.0.0.1:" + port,
                        "--persistence.file=",
                        "--web.enable-admin-api"),
                Tools.BASE_ENVIRONMENT,
                dir.resolve("pushgateway.log"));
        daemon.awaitReady(ReadinessCheck.httpOk(URI.create(url() + "/-/ready")), timeout);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:39111}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The exposition text of {@code GET /metrics}: everything pushed so far, with {@code instance=""} added. */
    public String metricsText() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(url() + "/metrics")).GET());
        if (response.statusCode() != 200) {
            throw new TestbedException(
                    "GET " + url() + "/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Deletes every pushed group ({@code PUT /api/v1/admin/wipe}), so one test does not see another's metrics. */
    public void wipe() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/api/v1/admin/wipe"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() / 100 != 2) {
            throw new TestbedException("PUT " + url() + "/api/v1/admin/wipe answered " + response.statusCode());
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TestbedException(
                    "Pushgateway at " + url() + " did not answer: " + e.getMessage() + "; its log is "
                            + dir.resolve("pushgateway.log"),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted talking to the Pushgateway at " + url(), e);
        }
    }

    public synchronized void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    public synchronized boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    public Path logFile() {
        return dir.resolve("pushgateway.log");
    }
}
