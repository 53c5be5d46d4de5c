package dev.managedtokens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.managedtokens.core.config.PrometheusSettings;
import dev.managedtokens.core.httptest.LogCapture;
import dev.managedtokens.core.httptest.Receiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsPusherTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @Test
    void jobNameFollowsTheGoRulesAndTheExecutableIsAGroupingLabel() {
        assertEquals(
                "http://pg:9091/metrics/job/managed_tokens/executable/token-push",
                new MetricsPusher(new PrometheusSettings("pg:9091/", ""), "production")
                        .groupUri("token-push")
                        .toString());
        assertEquals(
                "https://pg/metrics/job/myjobname_test/executable/refresh-uids-from-ferry",
                new MetricsPusher(new PrometheusSettings("https://pg", "myjobname"), "test")
                        .groupUri("refresh-uids-from-ferry")
                        .toString());
        assertEquals("managed_tokens_test", new MetricsPusher(new PrometheusSettings("h", ""), "test").jobName());
        assertEquals("myjobname", new MetricsPusher(new PrometheusSettings("h", "myjobname"), "production").jobName());
    }

    @Test
    void jobNamesAreEscapedLikeGosPusher() {
        assertEquals(
                "http://pg/metrics/job@base64/YS9i/executable/token-push",
                new MetricsPusher(new PrometheusSettings("http://pg", "a/b"), "production")
                        .groupUri("token-push")
                        .toString());
        assertEquals("a%20b%3Fc$&+:=@", PushgatewayPaths.pathEscape("a b?c$&+:=@"));
        assertEquals("job@base64/=", PushgatewayPaths.component("job", ""));
    }

    @Test
    void pushPutsTheWholeRegistryAsPrometheusText() throws Exception {
        try (Receiver pg = Receiver.start()) {
            TokenPushMetrics m = new TokenPushMetrics();
            m.failedPing("n1");
            MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(pg.url(), "jobA"), "production", TIMEOUT);
            assertTrue(pusher.checkReachable());
            assertTrue(pusher.push(m));
            Receiver.Request put = pg.requests().getLast();
            assertEquals("PUT", put.method());
            assertEquals("/metrics/job/jobA/executable/token-push", put.path());
            assertTrue(put.header("Content-Type").startsWith("text/plain; version=0.0.4"), put.header("Content-Type"));
            assertEquals(m.scrapeText(), put.bodyText());
        }
    }

    @Test
    void anyHttpAnswerCountsAsReachableButOnly200Or202AsPushed() {
        try (Receiver pg = Receiver.start().answer(404);
                LogCapture log = new LogCapture(MetricsPusher.class)) {
            MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(pg.url(), ""), "production", TIMEOUT);
            assertTrue(pusher.checkReachable());
            assertFalse(pusher.push(new TokenPushMetrics()));
            List<String> errors = log.at(Level.ERROR);
            assertEquals(1, errors.size(), errors.toString());
            assertTrue(errors.getFirst().contains("answered 404"), errors.getFirst());
        }
    }

    @Test
    void aPushgatewayThatIsDownCostsOneErrorAndABoundedTime() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (LogCapture log = new LogCapture(MetricsPusher.class)) {
            MetricsPusher pusher =
                    new MetricsPusher(new PrometheusSettings("http://127.0.0.1:" + port, ""), "production", TIMEOUT);
            long start = System.nanoTime();
            assertFalse(pusher.push(new TokenPushMetrics()));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(3)) < 0);
            assertEquals(1, log.at(Level.ERROR).size(), log.at(Level.ERROR).toString());
        }
    }

    @Test
    void aHangingPushgatewayIsAbandonedAfterTheTimeout() {
        try (Receiver pg = Receiver.start().hang();
                LogCapture log = new LogCapture(MetricsPusher.class)) {
            MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(pg.url(), ""), "production", TIMEOUT);
            long start = System.nanoTime();
            assertFalse(pusher.push(new TokenPushMetrics()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(TIMEOUT.multipliedBy(2).plusSeconds(1)) < 0, "took " + took);
            assertEquals(1, log.at(Level.ERROR).size());
        }
    }

    /** Metrics simply not configured is no error: an ERROR line would fire log-based alerts on every run. */
    @Test
    void withoutAHostNothingIsPushedAndThatIsInfoNotAnError() {
        try (LogCapture log = new LogCapture(MetricsPusher.class, Level.INFO)) {
            MetricsPusher pusher = new MetricsPusher(new PrometheusSettings("", ""), "production", TIMEOUT);
            assertFalse(pusher.checkReachable());
            assertFalse(pusher.push(new TokenPushMetrics()));
            assertEquals(List.of(), log.at(Level.ERROR));
            assertEquals(List.of(), log.at(Level.WARN));
            List<String> info = log.at(Level.INFO);
            assertEquals(1, info.size(), info.toString());
            assertTrue(info.getFirst().contains("prometheus.host is not set: metrics are not pushed"), info.getFirst());
        }
    }

    @Test
    void aFailedStartUpCheckMeansOneErrorAndNoPush() throws Exception {
        for (String host : List.of("127.0.0.1:9", "http://127.0.0.1:9")) {
            try (Receiver unused = Receiver.start();
                    LogCapture log = new LogCapture(MetricsPusher.class)) {
                MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(host, ""), "production", TIMEOUT);
                assertFalse(pusher.checkReachable());
                assertFalse(pusher.push(new TokenPushMetrics()));
                List<String> errors = log.at(Level.ERROR);
                assertEquals(1, errors.size(), host + ": " + errors);
                assertTrue(errors.getFirst().contains("metrics will not be pushed"), errors.getFirst());
            }
        }
    }

    @Test
    void aStartUpCheckOfAPushgatewayThatIsDownSkipsThePush() throws Exception {
        try (Receiver pg = Receiver.start()) {
            String url = pg.url();
            pg.close();
            MetricsPusher pusher = new MetricsPusher(new PrometheusSettings(url, ""), "production", TIMEOUT);
            assertFalse(pusher.checkReachable());
            assertFalse(pusher.push(new TokenPushMetrics()));
        }
    }
}
