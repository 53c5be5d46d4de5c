package dev.managedtokens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FerryMetricsTest {

    @Test
    void lastRefreshIsAPlainGaugeExportedAsZeroUntilARefreshSucceeds() {
        FerryMetrics m = new FerryMetrics();
        String text = m.scrapeText();
        assertTrue(
                text.contains("# HELP managed_tokens_last_ferry_refresh The timestamp of the last successful refresh"
                        + " of the username --> UID table from FERRY for the Managed Tokens Service\n"),
                text);
        assertTrue(text.contains("\nmanaged_tokens_last_ferry_refresh 0.0\n"), text);
        m.lastFerryRefresh(Instant.ofEpochSecond(1_700_000_000));
        assertTrue(m.scrapeText().contains("\nmanaged_tokens_last_ferry_refresh 1.7E9\n"));
    }

    @Test
    void requestsAndStagesAreRecorded() {
        FerryMetrics m = new FerryMetrics();
        m.ferryRequestDuration(Duration.ofMillis(40));
        m.ferryRequestDuration(Duration.ofMillis(300));
        m.ferryRequestError();
        m.stageDuration("getFERRYData", Duration.ofSeconds(2));
        String text = m.scrapeText();
        assertTrue(text.contains("\nmanaged_tokens_ferry_request_duration_seconds_count 2\n"), text);
        assertTrue(text.contains("\nmanaged_tokens_ferry_request_duration_seconds_bucket{le=\"0.05\"} 1\n"), text);
        assertTrue(text.contains("\nmanaged_tokens_ferry_request_error_count 1.0\n"), text);
        assertTrue(
                text.contains("\nmanaged_tokens_stage_duration_seconds{executable=\"refresh-uids-from-ferry\","
                        + "stage=\"getFERRYData\"} 2.0\n"),
                text);
        // cmd/refresh-uids-from-ferry registers its own help text, which differs from token-push's.
        assertTrue(
                text.contains("# HELP managed_tokens_stage_duration_seconds The amount of time it took to run a stage"
                        + " of a Managed Tokens Service executable\n"),
                text);
        // As in Go, the linked notification library's unlabelled histogram is exported too, empty.
        assertTrue(text.contains("\nmanaged_tokens_service_error_email_send_duration_seconds_count 0\n"), text);
    }
}
