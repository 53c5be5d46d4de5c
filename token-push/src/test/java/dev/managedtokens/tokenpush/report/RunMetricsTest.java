package dev.managedtokens.tokenpush.report;

import static dev.managedtokens.tokenpush.report.Outcomes.FAILED;
import static dev.managedtokens.tokenpush.report.Outcomes.file;
import static dev.managedtokens.tokenpush.report.Outcomes.outcome;
import static dev.managedtokens.tokenpush.report.Outcomes.ping;
import static dev.managedtokens.tokenpush.report.Outcomes.push;
import static dev.managedtokens.tokenpush.report.Outcomes.report;
import static dev.managedtokens.tokenpush.report.Outcomes.store;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.tokenpush.run.KerberosStep;
import dev.managedtokens.tokenpush.run.PingStep;
import dev.managedtokens.tokenpush.run.PushStep;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.TokenStep;
import dev.managedtokens.worker.push.PushedFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final ServiceName DUNE = ServiceName.of("dune", "production");
    // An overridden experiment: worker metrics use the real name (X_R), as the Go workers do.
    static final ServiceName OVERRIDDEN = new ServiceName("mu2e2", "mu2e", "production");

    /** dune stores in c1 (ok) and c2 (fails), pings n1 (ok) n2 (fails), its n2 token push fails; mu2e all fine. */
    static RunReport mixedRun() {
        return report(
                Map.of(
                        Stage.SETUP,
                        Duration.ofMillis(300),
                        KerberosStep.STAGE,
                        Duration.ofSeconds(2),
                        TokenStep.STORE,
                        Duration.ofSeconds(7),
                        PingStep.STAGE,
                        Duration.ofSeconds(1),
                        PushStep.STAGE,
                        Duration.ofSeconds(3)),
                outcome(
                        DUNE,
                        PushStep.STAGE,
                        List.of(store("dune_production", "c1", true, 4000), store("dune_production", "c2", false, 100)),
                        ping("dune_production", Map.of("n1", 20L), List.of("n2")),
                        push(
                                "dune_production",
                                List.of("n1", "n2"),
                                List.of(
                                        file("n1", PushedFile.VAULT_TOKEN, null, 400),
                                        file("n1", PushedFile.SERVICE_VAULT_TOKEN, null, 500),
                                        file("n1", PushedFile.ROLE_FILE, null, 600),
                                        file("n2", PushedFile.VAULT_TOKEN, FAILED, 100),
                                        file("n2", PushedFile.SERVICE_VAULT_TOKEN, FAILED, 100),
                                        file("n2", PushedFile.ROLE_FILE, FAILED, 100)))),
                outcome(
                        OVERRIDDEN,
                        null,
                        List.of(store("mu2e_production", "c1", true, 3000)),
                        ping("mu2e_production", Map.of("m1", 10L), List.of()),
                        push(
                                "mu2e_production",
                                List.of("m1"),
                                List.of(
                                        file("m1", PushedFile.VAULT_TOKEN, null, 300),
                                        file("m1", PushedFile.SERVICE_VAULT_TOKEN, null, 200),
                                        file("m1", PushedFile.ROLE_FILE, FAILED, 50)))));
    }

    @Test
    void aRunSetsWhatTheGoServiceSets() {
        TokenPushMetrics m = new TokenPushMetrics();
        RunMetrics.record(mixedRun(), m, NOW);
        String text = m.scrapeText();
        for (String sample : List.of(
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"setup\"} 0.3",
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"getKerberosTickets\"} 2.0",
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"storeAndGetTokens\"} 7.0",
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"pingNodes\"} 1.0",
                "managed_tokens_stage_duration_seconds{executable=\"token-push\",stage=\"pushTokens\"} 3.0",
                "managed_tokens_failed_services_push_count 1.0",
                "managed_tokens_last_token_store_timestamp{credd=\"c1\",service=\"dune_production\"} 1.8E9",
                "managed_tokens_token_store_duration_seconds{credd=\"c1\",service=\"dune_production\"} 4.0",
                "managed_tokens_failed_vault_token_store_count{credd=\"c2\",service=\"dune_production\"} 1.0",
                "managed_tokens_token_store_duration_seconds{credd=\"c1\",service=\"mu2e_production\"} 3.0",
                "managed_tokens_ping_duration_seconds_count{node=\"n1\"} 1",
                "managed_tokens_ping_duration_seconds_sum{node=\"n1\"} 0.02",
                "managed_tokens_failed_ping_count{node=\"n2\"} 1.0",
                // The role file is pushed last and succeeded: it wins the duration.
                "managed_tokens_token_push_duration_seconds{node=\"n1\",service=\"dune_production\"} 0.6",
                // Two vault-token files failed on n2; the role file's failure does not count.
                "managed_tokens_failed_token_push_count{node=\"n2\",service=\"dune_production\"} 2.0",
                // mu2e's role file failed, which does not fail the service: its node gets the timestamp.
                "managed_tokens_last_token_push_timestamp{node=\"m1\",service=\"mu2e_production\"} 1.8E9",
                "managed_tokens_token_push_duration_seconds{node=\"m1\",service=\"mu2e_production\"} 0.2")) {
            assertTrue(text.contains("\n" + sample + "\n"), sample + " in\n" + text);
        }
        // A push of dune failed, so none of its nodes gets a last-push timestamp, not even n1.
        assertFalse(text.contains("managed_tokens_last_token_push_timestamp{node=\"n1\""), text);
        assertFalse(text.contains("managed_tokens_last_token_store_timestamp{credd=\"c2\""), text);
        assertFalse(text.contains("service=\"mu2e2_production\""), "config names are not worker labels");
        assertFalse(text.contains("managed_tokens_failed_ping_count{node=\"n1\""), text);
    }

    @Test
    void aRunThatStoppedBeforePingSetsNoPingOrPushMetrics() {
        TokenPushMetrics m = new TokenPushMetrics();
        RunMetrics.record(
                report(
                        Map.of(KerberosStep.STAGE, Duration.ofSeconds(1)),
                        outcome(DUNE, KerberosStep.STAGE, List.of(), null, null)),
                m,
                NOW);
        String text = m.scrapeText();
        assertTrue(text.contains("\nmanaged_tokens_failed_services_push_count 1.0\n"), text);
        assertFalse(text.contains("ping_duration_seconds_count{"), text);
        assertFalse(text.contains("token_push"), text);
        assertFalse(text.contains("stage=\"pingNodes\""), "stages never reached are absent");
    }
}
