package dev.managedtokens.core.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code token-push check}'s metric: how old the token files on each node are, measured on the node. Pushed to its
 * own group ({@code executable="token-push-check"}), so a check never replaces the run's metrics and a panel or alert
 * can watch freshness directly instead of inferring it from push success. Its registry holds this one metric only:
 * the run's unlabelled gauges (failed services, ...) would otherwise be pushed as 0 in the check's group.
 */
public final class CheckMetrics extends ExecutableMetrics {

    public static final String EXECUTABLE = "token-push-check";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge nodeTokenAge = Gauge.builder()
            .name(Catalogue.NAMESPACE + "node_token_age_seconds")
            .help("Age in seconds of the older of a service's two vault token files on a node, as token-push check"
                    + " read it on the node")
            .labelNames("service", "node")
            .withoutExemplars()
            .build();

    public CheckMetrics() {
        super(EXECUTABLE, Catalogue.TOKEN_PUSH_STAGE_HELP);
        registry.register(nodeTokenAge);
    }

    /** {@code managed_tokens_node_token_age_seconds{service, node}}. */
    public void nodeTokenAge(String service, String node, long ageSeconds) {
        nodeTokenAge.labelValues(service, node).set(ageSeconds);
    }

    @Override
    public PrometheusRegistry registry() {
        return registry;
    }

    @Override
    byte[] exposition() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
