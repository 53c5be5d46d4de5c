package dev.managedtokens.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Posts {@code {"text": ...}} to a Slack incoming webhook. The body is built by Jackson, so quotes, backslashes,
 * newlines and any Unicode arrive intact (the Go service escaped only {@code "}). Only HTTP 200 is success, as in the
 * Go service. The webhook URL's path is a secret: messages name only its scheme and host.
 */
public final class SlackWebhook {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final URI url;
    private final Duration timeout;

    /** @param timeout bounds the connection and the whole request */
    public SlackWebhook(URI url, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The JSON body sent for this text. */
    public static String body(String text) {
        try {
            return JSON.writeValueAsString(Map.of("text", text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a Slack message as JSON", e);
        }
    }

    /** {@code scheme://host[:port]/…}: where a message went, without the secret part of a webhook URL. */
    public static String redacted(URI url) {
        if (url.getHost() == null) {
            return "(invalid webhook URL)";
        }
        return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "/…";
    }

    public String target() {
        return redacted(url);
    }

    /** Sends the text; an empty text is not sent, as in the Go service. */
    public void post(String text) throws SlackException, InterruptedException {
        if (text.isEmpty()) {
            return;
        }
        String what = "cannot send Slack message to " + target();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(text), StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new SlackException(what + ": the webhook URL is not an http(s) URL; check slack_alerts_url", e);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SlackException(what + ": HTTP " + response.statusCode() + " " + abbreviate(response.body())
                        + "; check slack_alerts_url and the Slack app");
            }
        } catch (HttpTimeoutException e) {
            throw new SlackException(what + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new SlackException(
                    what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } finally {
            client.shutdownNow();
        }
    }

    private static String abbreviate(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_BODY_IN_MESSAGE ? line : line.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
