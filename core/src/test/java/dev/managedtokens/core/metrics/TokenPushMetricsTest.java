package dev.managedtokens.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenPushMetricsTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.5Z");

    /** Name, type and help of every catalogue metric: dashboards and alert rules are written against these. */
    static final Map<String, String[]> CATALOGUE = Map.ofEntries(
            // token-push's own text, as cmd/token-push registers it ("a stage Managed Tokens", no "of a").
            Map.entry("managed_tokens_stage_duration_seconds", new String[] {
                "gauge", "The amount of time it took to run a stage Managed Tokens Service executable"
            }),
            Map.entry(
                    "managed_tokens_failed_services_push_count",
                    new String[] {"gauge", "The number of services for which pushing tokens failed in the last round"}),
            Map.entry("managed_tokens_kinit_duration_seconds", new String[] {
                "gauge", "Duration (in seconds) for a kerberos ticket to be created from the service principal"
            }),
            Map.entry("managed_tokens_failed_kinit_count", new String[] {
                "gauge",
                "The number of times the Managed Tokens Service failed to create a kerberos ticket from the service principal"
            }),
            Map.entry("managed_tokens_last_token_get_timestamp", new String[] {
                "gauge",
                "The timestamp of the last successful obtaining of a service vault token that was not stored in a condor credd by the Managed Tokens Service"
            }),
            Map.entry(
                    "managed_tokens_token_get_duration_seconds",
                    new String[] {"gauge", "Duration (in seconds) for a vault token to be obtained"}),
            Map.entry("managed_tokens_failed_vault_token_get_count", new String[] {
                "gauge", "The number of times the Managed Tokens Service failed to get a vault token"
            }),
            Map.entry("managed_tokens_last_token_store_timestamp", new String[] {
                "gauge",
                "The timestamp of the last successful store of a service vault token in a condor credd by the Managed Tokens Service"
            }),
            Map.entry(
                    "managed_tokens_token_store_duration_seconds",
                    new String[] {"gauge", "Duration (in seconds) for a vault token to get stored in a condor credd"}),
            Map.entry("managed_tokens_failed_vault_token_store_count", new String[] {
                "gauge",
                "The number of times the Managed Tokens Service failed to store a vault token in a condor credd"
            }),
            Map.entry(
                    "managed_tokens_ping_duration_seconds",
                    new String[] {"histogram", "Duration (in seconds) to ping a node"}),
            Map.entry(
                    "managed_tokens_failed_ping_count",
                    new String[] {"gauge", "The number of times the Managed Tokens Service failed to ping a node"}),
            Map.entry("managed_tokens_last_token_push_timestamp", new String[] {
                "gauge",
                "The timestamp of the last successful push of a service vault token to an interactive node by the Managed Tokens Service"
            }),
            Map.entry(
                    "managed_tokens_token_push_duration_seconds",
                    new String[] {"gauge", "Duration (in seconds) for a vault token to get pushed to a node"}),
            Map.entry("managed_tokens_failed_token_push_count", new String[] {
                "gauge", "The number of times the Managed Tokens service failed to push a token to an interactive node"
            }),
            Map.entry("managed_tokens_current_setup_error_count", new String[] {
                "gauge", "Count of how many consecutive setup errors there have been for a single service"
            }),
            Map.entry("managed_tokens_current_push_error_count", new String[] {
                "gauge",
                "Count of how many consecutive push errors there have been for a single service/node combination"
            }),
            Map.entry("managed_tokens_service_error_email_last_sent_timestamp", new String[] {
                "gauge", "Last time managed tokens service attempted to send an service error notification"
            }),
            Map.entry(
                    "managed_tokens_service_error_email_send_duration_seconds",
                    new String[] {"histogram", "Time in seconds it took to successfully send an service error email"}),
            Map.entry("managed_tokens_admin_error_email_last_sent_timestamp", new String[] {
                "gauge", "Last time managed tokens service attempted to send an admin error notification"
            }),
            Map.entry(
                    "managed_tokens_admin_error_email_send_duration_seconds",
                    new String[] {"gauge", "Time in seconds it took to successfully send an admin error email"}),
            Map.entry("managed_tokens_ferry_request_duration_seconds", new String[] {
                "histogram", "The amount of time it took in seconds to make a request to FERRY and receive the response"
            }),
            Map.entry(
                    "managed_tokens_ferry_request_error_count",
                    new String[] {"gauge", "The number of requests to FERRY that failed"}));

    @Test
    void aFreshRunExportsOnlyTheUnlabelledMetricsLikeTheGoService() {
        String text = new TokenPushMetrics().scrapeText();
        assertTrue(text.contains("\nmanaged_tokens_failed_services_push_count 0.0\n"), text);
        assertTrue(text.contains("\nmanaged_tokens_ferry_request_error_count 0.0\n"), text);
        assertTrue(text.contains("managed_tokens_service_error_email_send_duration_seconds_count 0\n"), text);
        assertTrue(text.contains("managed_tokens_ferry_request_duration_seconds_count 0\n"), text);
        // A labelled metric without children is not exported at all.
        assertFalse(text.contains("managed_tokens_kinit_duration_seconds"), text);
        assertFalse(text.contains("managed_tokens_stage_duration_seconds"), text);
        // last_ferry_refresh belongs to refresh-uids-from-ferry only.
        assertFalse(text.contains("last_ferry_refresh"), text);
    }

    @Test
    void everyMetricHasTheGoServicesNameTypeHelpAndLabels() {
        TokenPushMetrics m = everythingSet();
        String text = m.scrapeText();
        CATALOGUE.forEach((name, typeAndHelp) -> {
            assertTrue(text.contains("# TYPE " + name + " " + typeAndHelp[0] + "\n"), name + " type in\n" + text);
            assertTrue(text.contains("# HELP " + name + " " + typeAndHelp[1] + "\n"), name + " help in\n" + text);
        });
        for (String sample : List.of(
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"pingNodes\"} 1.5",
                "managed_tokens_failed_services_push_count 2.0",
                "managed_tokens_kinit_duration_seconds{service=\"dune_production\"} 0.25",
                "managed_tokens_failed_kinit_count{service=\"dune_production\"} 2.0",
                "managed_tokens_last_token_get_timestamp{service=\"dune_production\"} 1.7673230455E9",
                "managed_tokens_token_get_duration_seconds{service=\"dune_production\"} 3.0",
                "managed_tokens_failed_vault_token_get_count{service=\"dune_production\"} 1.0",
                "managed_tokens_last_token_store_timestamp{credd=\"c1\",service=\"dune_production\"} 1.7673230455E9",
                "managed_tokens_token_store_duration_seconds{credd=\"c1\",service=\"dune_production\"} 4.0",
                "managed_tokens_failed_vault_token_store_count{credd=\"c2\",service=\"dune_production\"} 1.0",
                "managed_tokens_ping_duration_seconds_count{node=\"n1\"} 1",
                "managed_tokens_ping_duration_seconds_sum{node=\"n1\"} 0.03",
                "managed_tokens_failed_ping_count{node=\"n2\"} 1.0",
                "managed_tokens_last_token_push_timestamp{node=\"n1\",service=\"dune_production\"} 1.7673230455E9",
                "managed_tokens_token_push_duration_seconds{node=\"n1\",service=\"dune_production\"} 0.5",
                "managed_tokens_failed_token_push_count{node=\"n2\",service=\"dune_production\"} 2.0",
                "managed_tokens_current_setup_error_count{service=\"dune_production\"} 3.0",
                "managed_tokens_current_push_error_count{node=\"n2\",service=\"dune_production\"} 1.0",
                "managed_tokens_service_error_email_last_sent_timestamp{service=\"dune_production\",success=\"true\"} 1.7673230455E9",
                "managed_tokens_service_error_email_send_duration_seconds_count 1",
                "managed_tokens_admin_error_email_last_sent_timestamp{notification_type=\"slack_message\",success=\"false\"} 1.7673230455E9",
                "managed_tokens_admin_error_email_send_duration_seconds{notification_type=\"email\"} 0.75")) {
            assertTrue(text.contains("\n" + sample + "\n"), sample + " in\n" + text);
        }
    }

    @Test
    void histogramsHaveGosDefaultBuckets() {
        String text = everythingSet().scrapeText();
        String[] bounds = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf"};
        long[] counts = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        for (int i = 0; i < bounds.length; i++) {
            String line =
                    "managed_tokens_ping_duration_seconds_bucket{node=\"n1\",le=\"" + bounds[i] + "\"} " + counts[i];
            assertTrue(text.contains("\n" + line + "\n"), line + " in\n" + text);
        }
        long buckets = text.lines()
                .filter(l -> l.startsWith("managed_tokens_ping_duration_seconds_bucket{node=\"n1\""))
                .count();
        assertEquals(12, buckets, "11 bounds and +Inf, nothing else");
        long emailBuckets = text.lines()
                .filter(l -> l.startsWith("managed_tokens_service_error_email_send_duration_seconds_bucket"))
                .count();
        assertEquals(12, emailBuckets);
    }

    @Test
    void failureCountsAreCountsOfThisRun() {
        TokenPushMetrics m = new TokenPushMetrics();
        m.failedPing("n1");
        m.failedPing("n1");
        m.failedPing("n1");
        assertTrue(m.scrapeText().contains("\nmanaged_tokens_failed_ping_count{node=\"n1\"} 3.0\n"));
        assertTrue(
                new TokenPushMetrics().scrapeText().indexOf("failed_ping_count{") < 0, "a new run starts at nothing");
    }

    private static TokenPushMetrics everythingSet() {
        TokenPushMetrics m = new TokenPushMetrics();
        m.stageDuration("pingNodes", Duration.ofMillis(1500));
        m.failedServicesPushCount(2);
        m.kinitDuration("dune_production", Duration.ofMillis(250));
        m.failedKinit("dune_production");
        m.failedKinit("dune_production");
        m.tokenGot("dune_production", T, Duration.ofSeconds(3));
        m.failedTokenGet("dune_production");
        m.tokenStored("dune_production", "c1", T, Duration.ofSeconds(4));
        m.failedTokenStore("dune_production", "c2");
        m.pingDuration("n1", Duration.ofMillis(30));
        m.failedPing("n2");
        m.tokenPushed("dune_production", "n1", T);
        m.tokenPushDuration("dune_production", "n1", Duration.ofMillis(500));
        m.failedTokenPush("dune_production", "n2");
        m.failedTokenPush("dune_production", "n2");
        m.currentSetupErrorCount("dune_production", 3);
        m.currentPushErrorCount("dune_production", "n2", 1);
        m.serviceEmailAttempt("dune_production", true, T);
        m.serviceEmailSendDuration(Duration.ofMillis(120));
        m.adminNotificationAttempt(NotificationType.SLACK_MESSAGE, false, T);
        m.adminNotificationSendDuration(NotificationType.EMAIL, Duration.ofMillis(750));
        return m;
    }
}
