/**
 * OpenTelemetry tracing: {@link Tracing} sets up the SDK with the OTLP/HTTP exporter for {@code tracing.url} (a
 * no-op without one) and flushes on close; {@link Spans} starts the run's root span and its children with the
 * attributes listed in docs/metrics.md, "Traces".
 */
package dev.managedtokens.core.tracing;
