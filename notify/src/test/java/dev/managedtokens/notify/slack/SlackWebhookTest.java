package dev.managedtokens.notify.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.httptest.Receiver;
import dev.managedtokens.notify.testsupport.SilentServer;
import dev.managedtokens.testbed.slack.SlackWebhookReceiver;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlackWebhookTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String AWKWARD =
            "He said \"no\" \\ then left\n\ttab\r\n\u2022 bullet \u00e9\u4e2d\u6587 \ud83d\ude80" + " ctrl\u0001 end";

    @Test
    void anyTextArrivesAsValidJsonThatReadsBackUnchanged() throws Exception {
        try (SlackWebhookReceiver slack = SlackWebhookReceiver.start()) {
            new SlackWebhook(slack.url(), TIMEOUT).post(AWKWARD);
            List<Receiver.Request> requests = slack.awaitRequests(1, TIMEOUT);
            assertEquals(1, requests.size());
            Receiver.Request r = requests.get(0);
            assertEquals("POST", r.method());
            assertEquals(SlackWebhookReceiver.PATH, r.path());
            assertEquals("application/json", r.header("Content-Type"));
            JsonNode json = new ObjectMapper().readTree(r.body());
            assertEquals(1, json.size());
            assertEquals(AWKWARD, json.get("text").asText());
        }
    }

    @Test
    void aStatusOtherThan200FailsWithoutShowingTheSecretPath() {
        try (SlackWebhookReceiver slack = SlackWebhookReceiver.start()) {
            slack.respondWith(404, "no_service");
            SlackException e =
                    assertThrows(SlackException.class, () -> new SlackWebhook(slack.url(), TIMEOUT).post("hello"));
            assertTrue(e.getMessage().contains("HTTP 404 no_service"), e.getMessage());
            assertTrue(e.getMessage().contains("http://127.0.0.1:"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
    }

    @Test
    void aWebhookThatNeverAnswersIsGivenUpAfterTheTimeout() {
        try (SlackWebhookReceiver slack = SlackWebhookReceiver.start()) {
            slack.stall();
            long start = System.nanoTime();
            SlackException e = assertThrows(
                    SlackException.class, () -> new SlackWebhook(slack.url(), Duration.ofSeconds(1)).post("hello"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(900)) > 0 && took.toSeconds() < 5, took.toString());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
    }

    @Test
    void aClosedPortFailsQuickly() {
        URI url = URI.create("http://127.0.0.1:" + SilentServer.closedPort() + SlackWebhookReceiver.PATH);
        long start = System.nanoTime();
        SlackException e = assertThrows(SlackException.class, () -> new SlackWebhook(url, TIMEOUT).post("hello"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void anEmptyTextIsNotSent() throws Exception {
        try (SlackWebhookReceiver slack = SlackWebhookReceiver.start()) {
            new SlackWebhook(slack.url(), TIMEOUT).post("");
            new SlackWebhook(slack.url(), TIMEOUT).post("marker");
            List<Receiver.Request> requests = slack.awaitRequests(1, TIMEOUT);
            assertEquals(1, requests.size());
            assertTrue(requests.get(0).bodyText().contains("marker"));
        }
    }

    @Test
    void redactionKeepsOnlySchemeHostAndPort() {
        assertEquals(
                "https://hooks.slack.com/…",
                SlackWebhook.redacted(URI.create("https://hooks.slack.com/services/T1/B2/XYZ")));
        assertEquals("http://127.0.0.1:8080/…", SlackWebhook.redacted(URI.create("http://127.0.0.1:8080/a/b")));
    }
}
