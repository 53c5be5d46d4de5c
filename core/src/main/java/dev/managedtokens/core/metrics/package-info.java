/**
 * The Go service's Prometheus metrics, with the same names, types, labels, help strings and buckets, kept in one
 * registry per run and pushed once to the Pushgateway. {@link TokenPushMetrics} and {@link FerryMetrics} are the
 * two executables' views of the catalogue; {@link MetricsPusher} sends a registry to {@code prometheus.host}.
 */
package dev.managedtokens.core.metrics;
