package dev.managedtokens.tokenpush.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.managedtokens.core.config.PrometheusSettings;
import dev.managedtokens.core.metrics.FerryMetrics;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.pushgateway.Pushgateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The README's upgrade step, run as written against the real Pushgateway: the Go service's group {@code {job}} is
 * left behind after the switch, doubles every aggregate and makes the Pushgateway refuse token-push's push until the
 * README's command deletes it; our groups, which also carry {@code executable}, survive it.
 */
class GoPushgatewayGroupIT {

    @TempDir
    static Path dir;

    static Pushgateway pushgateway;

    @BeforeAll
    static void start() {
        pushgateway = Pushgateway.start(dir.resolve("pushgateway"), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (pushgateway != null) pushgateway.stop();
    }

    /** What the Go token-push last pushed to {@code /metrics/job/managed_tokens}, in the text format. */
    private static final String GO_GROUP = """
            # HELP managed_tokens_failed_services_push_count The number of services for which pushing tokens failed in the last round
            # TYPE managed_tokens_failed_services_push_count gauge
            managed_tokens_failed_services_push_count 4
            # HELP managed_tokens_stage_duration_seconds The amount of time it took to run a stage Managed Tokens Service executable
            # TYPE managed_tokens_stage_duration_seconds gauge
            managed_tokens_stage_duration_seconds{executable="token-push",stage="setup"} 9
            """;

    @Test
    void theReadmeCommandDeletesOnlyTheGoServicesGroup() throws Exception {
        pushgateway.wipe();
        int goPush = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(pushgateway.url() + "/metrics/job/managed_tokens"))
                                .timeout(Duration.ofSeconds(10))
                                .PUT(HttpRequest.BodyPublishers.ofString(GO_GROUP))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        assertEquals(200, goPush);

        MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(pushgateway.url(), ""), "production");
        assertTrue(pusher.checkReachable());
        TokenPushMetrics tokenPush = new TokenPushMetrics();
        tokenPush.failedServicesPushCount(1);
        tokenPush.stageDuration("setup", Duration.ofSeconds(2));
        // While the old group holds stage_duration_seconds{executable="token-push"}, token-push's group collides
        // with it and the Pushgateway refuses the push; the error says how to delete the old group.
        List<String> errors;
        Logger logger = (Logger) LoggerFactory.getLogger(MetricsPusher.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertFalse(pusher.push(tokenPush));
        } finally {
            logger.detachAppender(appender);
        }
        errors = appender.list.stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("was collected before with the same name and label values"), errors.get(0));
        assertTrue(
                errors.get(0)
                        .endsWith("delete it with: curl -fsS -X DELETE " + pushgateway.url()
                                + "/metrics/job/managed_tokens"),
                errors.get(0));

        // refresh-uids-from-ferry's series do not collide: its group lands beside the old one and doubles the
        // unlabelled series.
        FerryMetrics ferry = new FerryMetrics();
        ferry.lastFerryRefresh(Instant.ofEpochSecond(1_700_000_000L));
        ferry.stageDuration("setup", Duration.ofSeconds(3));
        assertTrue(pusher.push(ferry));
        String before = pushgateway.metricsText();
        assertEquals(
                2,
                samples(before, "managed_tokens_failed_services_push_count{").size(),
                "the frozen Go group doubles the series: " + before);
        assertTrue(
                before.contains(
                        "\nmanaged_tokens_failed_services_push_count{instance=\"\",job=\"managed_tokens\"} 4\n"),
                before);

        List<String> readme = readmeCommand();
        for (int run = 1; run <= 2; run++) { // the second time there is nothing to delete: still no harm
            CommandResult r = new ProcessRunner(1)
                    .run(Command.of(
                            List.of("bash", "-euc", String.join("\n", readme)),
                            Map.of("PATH", "/usr/bin:/bin"),
                            Duration.ofSeconds(30)));
            assertTrue(r.succeeded(), "run " + run + ": " + r.describe() + "\n" + r.combinedOutput());
        }

        // The old group is gone, refresh-uids-from-ferry's stays, and token-push's push goes through again.
        assertTrue(pusher.push(tokenPush));
        String after = pushgateway.metricsText();
        List<String> left = samples(after, "managed_tokens_");
        assertTrue(
                left.stream().allMatch(l -> l.contains("executable=\"")),
                "a series without executable is left: " + left);
        assertEquals(
                List.of(
                        "managed_tokens_failed_services_push_count{executable=\"refresh-uids-from-ferry\","
                                + "instance=\"\",job=\"managed_tokens\"} 0",
                        "managed_tokens_failed_services_push_count{executable=\"token-push\",instance=\"\","
                                + "job=\"managed_tokens\"} 1"),
                samples(after, "managed_tokens_failed_services_push_count{").stream()
                        .sorted()
                        .toList());
        assertEquals(2, samples(after, "managed_tokens_stage_duration_seconds{").size(), after);
        assertEquals(1, samples(after, "managed_tokens_last_ferry_refresh{").size(), after);
    }

    /**
     * The commands of the README's code block that deletes the old group, with the example Pushgateway pointed at the
     * testbed's: the variable lines and the curl line, exactly as an operator would paste them.
     */
    private static List<String> readmeCommand() throws Exception {
        List<String> lines = Files.readAllLines(locate("README.md"));
        int curl = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("curl ") && lines.get(i).contains("-X DELETE")) {
                curl = i;
            }
        }
        assertTrue(curl > 0, "the README has no curl -X DELETE line");
        int start = curl;
        while (start > 0 && !lines.get(start - 1).startsWith("```")) {
            start--;
        }
        List<String> block = lines.subList(start, curl + 1);
        assertTrue(block.stream().anyMatch(l -> l.startsWith("PUSHGATEWAY=")), "no PUSHGATEWAY= line in " + block);
        return block.stream()
                .map(l -> l.startsWith("PUSHGATEWAY=") ? "PUSHGATEWAY=" + pushgateway.url() : l)
                .toList();
    }

    private static List<String> samples(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    private static Path locate(String relative) {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve(relative))) {
            d = d.getParent();
        }
        if (d == null) throw new IllegalStateException(relative + " not found above the working directory");
        return d.resolve(relative);
    }
}
