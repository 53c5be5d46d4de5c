package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.kerberos.TicketRequest;
import dev.managedtokens.kerberos.TicketResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-service metrics a step's result records through its hook. */
class StepMetricsTest {

    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final ServiceName DUNE = ServiceName.of("dune", "production");
    static final ServiceName OVERRIDDEN = new ServiceName("mu2e2", "mu2e", "production");

    @Test
    void kerberosResultsAreRecordedPerService() {
        TokenPushMetrics m = new TokenPushMetrics();
        TicketRequest request = new TicketRequest(
                "dune_production",
                Path.of("/k"),
                "dunepro@FNAL.GOV",
                Path.of("/tmp/cache"),
                Map.of(),
                Duration.ofSeconds(20));
        KerberosStep.Ticket.of(new TicketResult(request, null, false, "", Duration.ofMillis(750)))
                .recordMetrics(DUNE, m, NOW);
        KerberosStep.Ticket.of(new TicketResult(request, "kinit failed", false, "", Duration.ZERO))
                .recordMetrics(OVERRIDDEN, m, NOW);
        String text = m.scrapeText();
        assertTrue(text.contains("\nmanaged_tokens_kinit_duration_seconds{service=\"dune_production\"} 0.75\n"), text);
        assertTrue(text.contains("\nmanaged_tokens_failed_kinit_count{service=\"mu2e_production\"} 1.0\n"), text);
    }
}
