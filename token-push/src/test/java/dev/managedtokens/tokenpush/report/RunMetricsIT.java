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
import dev.managedtokens.core.metrics.NotificationType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.testbed.pushgateway.Pushgateway;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A run's metrics as the real Pushgateway holds them after the push. */
class RunMetricsIT {

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

    @BeforeEach
    void wipe() {
        pushgateway.wipe();
    }

    @Test
    void theGatewayShowsTheRunsMetricsWithTheirLabelsAndValues() {
        TokenPushMetrics metrics = new TokenPushMetrics();
        RunMetrics.record(RunMetricsTest.mixedRun(), metrics, RunMetricsTest.NOW);
        metrics.currentPushErrorCount("dune_production", "n2", 1);
        metrics.adminNotificationAttempt(NotificationType.EMAIL, true, RunMetricsTest.NOW);
        MetricsPusher pusher = pusher("production");
        assertTrue(pusher.checkReachable());
        assertTrue(pusher.push(metrics));

        String text = pushgateway.metricsText();
        String group = "executable=\"token-push\",instance=\"\",job=\"managed_tokens\"";
        for (String sample : List.of(
                "managed_tokens_failed_services_push_count{" + group + "} 1",
                "managed_tokens_failed_ping_count{" + group + ",node=\"n2\"} 1",
                "managed_tokens_failed_token_push_count{" + group + ",node=\"n2\",service=\"dune_production\"} 2",
                "managed_tokens_failed_vault_token_store_count{credd=\"c2\"," + group
                        + ",service=\"dune_production\"} 1",
                "managed_tokens_last_token_push_timestamp{" + group
                        + ",node=\"m1\",service=\"mu2e_production\"} 1.8e+09",
                "managed_tokens_ping_duration_seconds_bucket{" + group + ",node=\"n1\",le=\"0.025\"} 1",
                "managed_tokens_ping_duration_seconds_bucket{" + group + ",node=\"n1\",le=\"0.01\"} 0",
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",instance=\"\",job=\"managed_tokens\",stage=\"pushTokens\"} 3",
                "managed_tokens_current_push_error_count{" + group + ",node=\"n2\",service=\"dune_production\"} 1",
                "managed_tokens_admin_error_email_last_sent_timestamp{" + group
                        + ",notification_type=\"email\",success=\"true\"} 1.8e+09",
                "managed_tokens_service_error_email_send_duration_seconds_count{" + group + "} 0",
                "managed_tokens_ferry_request_error_count{" + group + "} 0")) {
            assertTrue(text.contains("\n" + sample + "\n"), sample + " in\n" + text);
        }
        assertTrue(text.contains("# TYPE managed_tokens_ping_duration_seconds histogram\n"), text);
        assertTrue(
                text.contains("# HELP managed_tokens_failed_ping_count The number of times the Managed Tokens"
                        + " Service failed to ping a node\n"),
                text);
    }

    @Test
    void tokenPushAndRefreshUidsFromFerryNoLongerEraseEachOther() {
        TokenPushMetrics tokenPush = new TokenPushMetrics();
        tokenPush.failedServicesPushCount(3);
        tokenPush.stageDuration("setup", Duration.ofSeconds(1));
        FerryMetrics ferry = new FerryMetrics();
        ferry.lastFerryRefresh(Instant.ofEpochSecond(1_700_000_000L));
        ferry.stageDuration("getFERRYData", Duration.ofSeconds(2));
        MetricsPusher pusher = pusher("test");

        assertTrue(pusher.push(ferry));
        assertTrue(pusher.push(tokenPush));
        // A second token-push run replaces its own group only.
        tokenPush.failedServicesPushCount(0);
        assertTrue(pusher.push(tokenPush));

        String text = pushgateway.metricsText();
        assertTrue(
                text.contains(
                        "\nmanaged_tokens_last_ferry_refresh{executable=\"refresh-uids-from-ferry\",instance=\"\","
                                + "job=\"managed_tokens_test\"} 1.7e+09\n"),
                text);
        assertTrue(
                text.contains("\nmanaged_tokens_stage_duration_seconds{executable=\"refresh-uids-from-ferry\","
                        + "instance=\"\",job=\"managed_tokens_test\",stage=\"getFERRYData\"} 2\n"),
                text);
        assertTrue(
                text.contains("\nmanaged_tokens_failed_services_push_count{executable=\"token-push\",instance=\"\","
                        + "job=\"managed_tokens_test\"} 0\n"),
                text);
        assertTrue(
                text.contains("\nmanaged_tokens_stage_duration_seconds{executable=\"token-push\",instance=\"\","
                        + "job=\"managed_tokens_test\",stage=\"setup\"} 1\n"),
                text);
        assertFalse(text.contains(
                "failed_services_push_count{executable=\"token-push\",instance=\"\",job=\"managed_tokens_test\"} 3"));
    }

    @Test
    void aPushgatewayThatIsDownCostsOneErrorNoExceptionAndABoundedTime() {
        Pushgateway down = Pushgateway.start(dir.resolve("down"), Duration.ofSeconds(30));
        String url = down.url();
        down.stop();
        Logger logger = (Logger) LoggerFactory.getLogger(MetricsPusher.class);
        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        errors.start();
        logger.addAppender(errors);
        try {
            MetricsPusher pusher =
                    new MetricsPusher(new PrometheusSettings(url, ""), "production", Duration.ofSeconds(2));
            TokenPushMetrics metrics = new TokenPushMetrics();
            RunMetrics.record(RunMetricsTest.mixedRun(), metrics, RunMetricsTest.NOW);
            long start = System.nanoTime();
            assertFalse(pusher.push(metrics));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
            assertEquals(
                    1,
                    errors.list.stream()
                            .filter(e -> e.getLevel() == Level.ERROR)
                            .count(),
                    errors.list.toString());
        } finally {
            logger.detachAppender(errors);
        }
    }

    private static MetricsPusher pusher(String devEnvironmentLabel) {
        return new MetricsPusher(
                new PrometheusSettings(pushgateway.url(), ""), devEnvironmentLabel, Duration.ofSeconds(5));
    }
}
