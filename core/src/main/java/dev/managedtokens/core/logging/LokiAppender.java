package dev.managedtokens.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends INFO and above to Loki's push API ({@code POST <loki.host>/loki/api/v1/push}, JSON), off the logging
 * thread: lines go into a bounded queue that one sender thread drains in batches, each POST bounded by
 * {@code loki.response_header_timeout}. A full queue drops the line and counts it, so a slow or dead Loki never
 * slows a run (the Go service posts every line synchronously). Streams carry the Go service's labels
 * {@code app=managed-tokens, command, environment, level}; each line is the entry as JSON, redacted.
 * Not loki4j: its {@code stop()} waits for a hung Loki without a deadline (docs/hand-written.md has the comparison).
 */
final class LokiAppender extends AppenderBase<ILoggingEvent> {

    static final int DEFAULT_CAPACITY = 10_000;
    static final int DEFAULT_BATCH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    /** One queued line: its {@code level} label, Loki timestamp and JSON text. */
    private record Entry(String level, long epochNanos, String line) {}

    private final URI pushUri;
    private final Duration timeout;
    private final Map<String, String> labels;
    private final String executable;
    private final BlockingQueue<Entry> queue;
    private final int batchSize;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sentLines = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicBoolean failureReported = new AtomicBoolean();
    private final PrintStream console;
    private volatile boolean stopping;
    private HttpClient http;
    private Thread sender;

    /**
     * @param host     {@code loki.host}, e.g. {@code http://loki:3100}
     * @param timeout  per POST: connecting and waiting for the answer's headers
     * @param capacity lines that may wait for Loki before new ones are dropped
     * @param console  where the first failure is reported
     */
    LokiAppender(
            String host,
            Duration timeout,
            String executable,
            String environment,
            int capacity,
            int batchSize,
            PrintStream console) {
        this.console = console;
        String base = host.contains("://") ? host : "http://" + host;
        while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        this.pushUri = URI.create(base + "/loki/api/v1/push");
        this.timeout = timeout;
        this.executable = executable;
        this.labels = Map.of("app", "managed-tokens", "command", executable, "environment", environment);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        setName("LOKI");
    }

    URI pushUri() {
        return pushUri;
    }

    /** Lines not sent because the queue was full (Loki slower than the run) or left over at stop. */
    long dropped() {
        return dropped.get();
    }

    long sentLines() {
        return sentLines.get();
    }

    long failedBatches() {
        return failedBatches.get();
    }

    @Override
    public void start() {
        http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        sender = Thread.ofPlatform().daemon().name("loki-sender").start(this::sendLoop);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (stopping || !event.getLevel().isGreaterOrEqual(Level.INFO)) return;
        Entry entry = new Entry(LogLevels.logrusName(event.getLevel()), nanos(event.getInstant()), json(event));
        if (!queue.offer(entry)) dropped.incrementAndGet();
    }

    /**
     * Sends what is queued, waiting at most a few timeouts, then gives up on the rest: an exit must not wait for a
     * dead Loki.
     */
    @Override
    public void stop() {
        if (!isStarted()) return;
        stopping = true;
        try {
            sender.join(timeout.multipliedBy(3).plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sender.isAlive()) sender.interrupt();
        dropped.addAndGet(queue.size());
        queue.clear();
        http.shutdownNow();
        super.stop();
    }

    private void sendLoop() {
        List<Entry> batch = new ArrayList<>(batchSize);
        while (true) {
            Entry first;
            try {
                first = queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first == null) {
                if (stopping) return;
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, batchSize - 1);
            if (!post(batch)) {
                if (Thread.currentThread().isInterrupted()) return;
            }
            batch.clear();
        }
    }

    private boolean post(List<Entry> batch) {
        String body;
        try {
            body = pushBody(batch);
        } catch (JsonProcessingException e) {
            failed("could not encode the batch: " + e.getMessage());
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(pushUri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<Void> response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
            if (response.statusCode() / 100 == 2) {
                sentLines.addAndGet(batch.size());
                return true;
            }
            failed("answered " + response.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed("interrupted");
        } catch (ExecutionException e) {
            failed(e.getCause() == null ? e.toString() : e.getCause().toString());
        } catch (TimeoutException e) {
            failed("no answer within " + timeout.toMillis() + " ms");
        }
        return false;
    }

    /** Reported once on stderr (logging it would loop back here); later failures are only counted. */
    private void failed(String why) {
        failedBatches.incrementAndGet();
        if (failureReported.compareAndSet(false, true)) {
            String message = "Loki push to " + pushUri + " failed: " + why + "; log lines still go to the log files,"
                    + " check loki.host and loki.response_header_timeout";
            addWarn(message);
            console.println(message);
        }
    }

    /** Loki's push payload: one stream per level, values {@code [ns, line]} in order. */
    String pushBody(List<Entry> batch) throws JsonProcessingException {
        Map<String, ArrayNode> byLevel = new LinkedHashMap<>();
        for (Entry e : batch) {
            ArrayNode value =
                    JSON.createArrayNode().add(Long.toString(e.epochNanos())).add(e.line());
            byLevel.computeIfAbsent(e.level(), l -> JSON.createArrayNode()).add(value);
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode streams = root.putArray("streams");
        byLevel.forEach((level, values) -> {
            ObjectNode stream = streams.addObject();
            ObjectNode streamLabels = stream.putObject("stream");
            labels.forEach(streamLabels::put);
            streamLabels.put("level", level);
            stream.set("values", values);
        });
        return JSON.writeValueAsString(root);
    }

    /** The entry as logrus' JSON formatter writes it: fields, {@code level}, {@code msg}, {@code time}, sorted. */
    private String json(ILoggingEvent event) {
        Map<String, String> entry = new TreeMap<>(KeyValueLayout.fields(event, executable));
        entry.put("level", LogLevels.logrusName(event.getLevel()));
        entry.put("msg", Redaction.redact(event.getFormattedMessage()));
        entry.put(
                "time",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        event.getInstant().atZone(java.time.ZoneId.systemDefault())));
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            return "{\"msg\":\"unencodable log entry\"}";
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
