package dev.managedtokens.core.config;

/** {@code tracing.url}: the OTLP/HTTP endpoint, used exactly as given; empty means no tracing. */
public record TracingSettings(String url) {
    public boolean enabled() {
        return !url.isEmpty();
    }
}
