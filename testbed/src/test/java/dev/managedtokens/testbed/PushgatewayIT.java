package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.pushgateway.Pushgateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PushgatewayIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private int put(Pushgateway pg, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(pg.url() + path))
                .timeout(Duration.ofSeconds(5))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aPushedMetricShowsUpWithItsGroupingLabels() throws Exception {
        Pushgateway pg = BED.bed().pushgateway();
        int status = put(
                pg,
                "/metrics/job/managed_tokens/service/alpha",
                "# TYPE testbed_it_pushed gauge\ntestbed_it_pushed 42\n");

        assertEquals(200, status);
        assertTrue(
                pg.metricsText()
                        .contains("testbed_it_pushed{instance=\"\",job=\"managed_tokens\",service=\"alpha\"} 42"),
                pg.metricsText());
    }

    @Test
    void wipeForgetsEveryGroupAndAMalformedBodyIsRejected() throws Exception {
        Pushgateway pg = BED.bed().pushgateway();
        assertEquals(200, put(pg, "/metrics/job/wipe_me", "testbed_it_wiped 1\n"));
        assertTrue(pg.metricsText().contains("testbed_it_wiped"));

        pg.wipe();

        assertFalse(pg.metricsText().contains("testbed_it_wiped"), pg.metricsText());
        assertEquals(400, put(pg, "/metrics/job/bad", "this is not exposition format\n"));
    }
}
