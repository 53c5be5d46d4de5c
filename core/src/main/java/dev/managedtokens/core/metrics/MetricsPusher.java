package dev.managedtokens.core.metrics;

import dev.managedtokens.core.config.PrometheusSettings;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's registry to the Pushgateway with an HTTP PUT, which replaces the group
 * {@code /metrics/job/<job>/executable/<executable>}. The {@code executable} grouping label is ours: in the Go
 * service both executables PUT to the same group and erase each other's metrics (docs/metrics.md, "When and where
 * they are pushed").
 * A Pushgateway that is down or slow costs one logged error and at most {@code timeout} per request; nothing here
 * throws.
 */
public final class MetricsPusher {

    private static final Logger log = LoggerFactory.getLogger(MetricsPusher.class);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String GROUPING_LABEL = "executable";

    private final String host;
    private final String jobName;
    private final Duration timeout;
    private volatile boolean down;

    /**
     * @param devEnvironmentLabel appended to the job name unless {@code production} (docs/metrics.md)
     * @param timeout             for connecting and for the answer's headers, per request
     */
    public MetricsPusher(PrometheusSettings settings, String devEnvironmentLabel, Duration timeout) {
        this.host = settings.host();
        this.jobName = settings.effectiveJobName(devEnvironmentLabel);
        this.timeout = timeout;
    }

    public MetricsPusher(PrometheusSettings settings, String devEnvironmentLabel) {
        this(settings, devEnvironmentLabel, DEFAULT_TIMEOUT);
    }

    public String jobName() {
        return jobName;
    }

    /** Where {@link #push} PUTs the metrics of {@code executable}. */
    public URI groupUri(String executable) {
        return URI.create(PushgatewayPaths.base(host) + "/metrics/" + PushgatewayPaths.component("job", jobName) + "/"
                + PushgatewayPaths.component(GROUPING_LABEL, executable));
    }

    /**
     * The start-up check (docs/metrics.md): a GET of {@code prometheus.host} exactly as configured, where any
     * HTTP answer counts as reachable. On failure it logs the one error and every later {@link #push} is skipped;
     * without a {@code prometheus.host} nothing is pushed either, and that is said at INFO.
     */
    public boolean checkReachable() {
        if (host.isEmpty()) {
            // Not configured is a choice, not a failure: an ERROR here would fire every log-based alert each run.
            down = true;
            log.info("prometheus.host is not set: metrics are not pushed (set it to the Pushgateway's URL,"
                    + " http://host:9091, to push them)");
            return false;
        }
        if (!host.contains("://")) {
            // Go's GET fails on a URL without a scheme, and so the run never pushes: same here, but said plainly.
            return markDown("prometheus.host " + host + " has no scheme; write it as http://" + host);
        }
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            return markDown("prometheus.host " + host + " is not a URL (" + e.getMessage() + ")");
        }
        try {
            send(HttpRequest.newBuilder(uri).GET());
            return true;
        } catch (RuntimeException | TimeoutException e) {
            return markDown("the Prometheus pushgateway at " + host + " did not answer (" + reason(e)
                    + "); check that it runs and that prometheus.host is right");
        }
    }

    /**
     * PUTs the whole registry. Returns whether the Pushgateway accepted it (200 or 202); a failure is logged once
     * and otherwise ignored, since metrics never change a run's outcome.
     */
    public boolean push(ExecutableMetrics metrics) {
        if (down) {
            log.debug("Not pushing metrics: the pushgateway was not reachable at start-up");
            return false;
        }
        URI uri;
        try {
            uri = groupUri(metrics.executable());
        } catch (IllegalArgumentException e) {
            log.error(
                    "Could not push metrics: prometheus.host {} does not make a URL ({}); fix prometheus.host",
                    host,
                    e.getMessage());
            return false;
        }
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(metrics.exposition())));
            if (response.statusCode() == 200 || response.statusCode() == 202) {
                log.info("Finished pushing metrics to prometheus pushgateway");
                return true;
            }
            log.error(
                    "Could not push metrics to prometheus pushgateway: PUT {} answered {} {}{}",
                    uri,
                    response.statusCode(),
                    firstLine(response.body()),
                    oldGroupHint(response));
        } catch (RuntimeException | TimeoutException e) {
            log.error(
                    "Could not push metrics to prometheus pushgateway: PUT {} failed ({}); check that it runs and"
                            + " that prometheus.host is right",
                    uri,
                    reason(e));
        }
        return false;
    }

    /**
     * The Go service pushed to the group {@code {job}} alone, and its {@code stage_duration_seconds} carries
     * {@code executable} as a label: while that old group is on the Pushgateway, our group's same series collide
     * with it and every push is refused. Say how to delete it.
     */
    private String oldGroupHint(HttpResponse<String> response) {
        if (response.statusCode() != 400
                || response.body() == null
                || !response.body().contains("was collected before with the same name and label values")) {
            return "";
        }
        return "; the Go service's old group {job=\"" + jobName + "\"} is probably still there: once the Go"
                + " executables no longer run, delete it with: curl -fsS -X DELETE " + PushgatewayPaths.base(host)
                + "/metrics/" + PushgatewayPaths.component("job", jobName);
    }

    private boolean markDown(String why) {
        down = true;
        log.error(
                "Could not reach the Prometheus pushgateway: {}. The remaining Prometheus operations will fail:"
                        + " metrics will not be pushed in this run",
                why);
        return false;
    }

    /** One request on its own client, abandoned (not waited for) when the timeout passes. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws TimeoutException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        try {
            return http.sendAsync(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString())
                    .orTimeout(timeout.toNanos() * 2, java.util.concurrent.TimeUnit.NANOSECONDS)
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException t) throw t;
            throw e;
        } finally {
            http.shutdownNow();
        }
    }

    private static String reason(Exception e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        if (t instanceof java.net.ConnectException && t.getMessage() == null) return "connection refused";
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String firstLine(String body) {
        String s = body == null ? "" : body.strip();
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
