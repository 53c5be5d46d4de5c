package dev.managedtokens.core.metrics;

import io.prometheus.metrics.core.metrics.Gauge;

/**
 * {@code token-push check}'s metric: how old the token files on each node are, measured on the node. Pushed to its
 * own group ({@code executable="token-push-check"}), so a check never replaces the run's metrics and a panel or alert
 * can watch freshness directly instead of inferring it from push success.
 */
public final class CheckMetrics extends ExecutableMetrics {

    public static final String EXECUTABLE = "token-push-check";

    private final Gauge nodeTokenAge = Gauge.builder().name(Catalogue.NAMESPACE + "node_token_age_seconds")
            .help("Age in seconds of the older of a service's two vault token files on a node, as token-push check"
                    + " read it on the node")
            .labelNames("service", "node").withoutExemplars().build();

    public CheckMetrics() {
        super(EXECUTABLE, Catalogue.TOKEN_PUSH_STAGE_HELP);
        catalogue.registry.register(nodeTokenAge);
    }

    /** {@code managed_tokens_node_token_age_seconds{service, node}}. */
    public void nodeTokenAge(String service, String node, long ageSeconds) {
        nodeTokenAge.labelValues(service, node).set(ageSeconds);
    }
}
