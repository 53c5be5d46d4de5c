package dev.managedtokens.testbed.slack;

import dev.managedtokens.core.httptest.Receiver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A Slack incoming-webhook stand-in on loopback: records every request (method, path, headers, raw body) and answers
 * as Slack does ({@code 200 ok}) unless told to answer another status or to never answer. Reusable by any module's
 * tests: {@code try (var slack = SlackWebhookReceiver.start()) { ... slack.url() ... slack.awaitRequests(1, ...) }}.
 */
public final class SlackWebhookReceiver implements AutoCloseable {

    /** A secret-looking path like Slack's, so tests can check it never shows up in messages. */
    public static final String PATH = "/services/T0TEST/B0TEST/s3cr3tW3bh00kT0ken";

    private final Receiver receiver;

    private SlackWebhookReceiver(Receiver receiver) {
        this.receiver = receiver;
        respondWith(200, "ok");
    }

    public static SlackWebhookReceiver start() {
        return new SlackWebhookReceiver(Receiver.start().answerContentType("text/html"));
    }

    public URI url() {
        return URI.create(receiver.url() + PATH);
    }

    /** Answer every following request with this status and body. */
    public void respondWith(int status, String body) {
        receiver.answer(status).answerBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Never answer (until closed): for timeout tests. */
    public void stall() {
        receiver.hang();
    }

    /** Forgets the requests received so far, for the next case of a shared receiver. */
    public void reset() {
        receiver.reset();
    }

    public List<Receiver.Request> requests() {
        return receiver.requests();
    }

    /** Waits up to the timeout until at least this many requests arrived, then returns all of them. */
    public List<Receiver.Request> awaitRequests(int count, Duration timeout) throws InterruptedException {
        return receiver.awaitAtMost(r -> r.size() >= count, timeout);
    }

    @Override
    public void close() {
        receiver.close();
    }
}
