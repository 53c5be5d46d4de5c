package dev.managedtokens.core.config;

import java.time.Duration;

/** {@code loki.host} (empty: Loki off) and the response-header timeout of the Loki client (default 1 s). */
public record LokiSettings(String host, Duration responseHeaderTimeout) {
    public static final Duration DEFAULT_RESPONSE_HEADER_TIMEOUT = Duration.ofSeconds(1);

    public boolean enabled() {
        return !host.isEmpty();
    }
}
