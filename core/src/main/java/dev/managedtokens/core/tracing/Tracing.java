package dev.managedtokens.core.tracing;

import dev.managedtokens.core.config.TracingSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's OpenTelemetry set-up: OTLP/HTTP to {@code tracing.url} exactly as given (no {@code /v1/traces} added),
 * batch span processor, W3C trace context, resource {@code service.name=managed-tokens} and
 * {@code deployment.environment}. Without a URL every span is a no-op. {@link #close} flushes and shuts down within
 * a bound; a JVM shutdown hook does the same for exits that skip it (the Go service loses spans there; see
 * docs/metrics.md, "Traces").
 * The instance started last is {@link #current()}, which {@link Spans} uses, so the pipeline needs no plumbing.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);

    public static final String SERVICE_NAME = "managed-tokens";
    /** How long {@link #close} may wait for the exporter, so a dead collector never holds up an exit. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Tracing NOOP = new Tracing(OpenTelemetry.noop(), null, Duration.ZERO);
    private static volatile Tracing current = NOOP;

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider provider;
    private final Duration closeTimeout;
    private final Thread shutdownHook;
    private boolean closed;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider, Duration closeTimeout) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
        this.closeTimeout = closeTimeout;
        this.shutdownHook = provider == null ? null : new Thread(this::close, "tracing-flush");
    }

    /**
     * Starts tracing for this run and makes it {@link #current()}; a no-op without a URL. The Go service logged that
     * line at ERROR on every run; tracing that is simply not configured is no error, so it is INFO here.
     */
    public static Tracing start(TracingSettings settings, String devEnvironmentLabel) {
        return start(settings, devEnvironmentLabel, DEFAULT_CLOSE_TIMEOUT);
    }

    public static Tracing start(TracingSettings settings, String devEnvironmentLabel, Duration exportTimeout) {
        if (!settings.enabled()) {
            log.info("no tracing url configured.  Continuing without tracing");
            current = NOOP;
            return NOOP;
        }
        OtlpHttpSpanExporter exporter;
        try {
            exporter = OtlpHttpSpanExporter.builder()
                    .setEndpoint(settings.url())
                    .setTimeout(exportTimeout)
                    .setConnectTimeout(exportTimeout)
                    // A retry would only stretch the exit when the collector is down.
                    .setRetryPolicy(null)
                    .build();
        } catch (IllegalArgumentException e) {
            log.error(
                    "tracing.url {} is not usable ({}); continuing without tracing. Set it to the collector's"
                            + " OTLP/HTTP traces URL, e.g. http://host:4318/v1/traces",
                    settings.url(),
                    e.getMessage());
            current = NOOP;
            return NOOP;
        }
        Resource resource = Resource.getDefault()
                .merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), SERVICE_NAME,
                        AttributeKey.stringKey("deployment.environment"), devEnvironmentLabel)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setExporterTimeout(exportTimeout)
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        Tracing tracing = new Tracing(sdk, provider, exportTimeout);
        Runtime.getRuntime().addShutdownHook(tracing.shutdownHook);
        current = tracing;
        log.debug("Tracing to {}", settings.url());
        return tracing;
    }

    /** The tracing of this run; a no-op one before {@link #start} and after {@link #close}. */
    public static Tracing current() {
        return current;
    }

    public boolean enabled() {
        return provider != null;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** A tracer: the executable's name for its own spans, {@link Spans#LIBRARY} for the rest (docs/metrics.md). */
    public Tracer tracer(String instrumentationScope) {
        return openTelemetry.getTracer(instrumentationScope);
    }

    /** Exports every ended span and stops the exporter, waiting at most the export timeout for each; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed || provider == null) return;
            closed = true;
        }
        if (current == this) current = NOOP;
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook may run too, and finds this closed.
            }
        }
        long millis = Math.max(1, closeTimeout.toMillis());
        if (!provider.forceFlush().join(millis, TimeUnit.MILLISECONDS).isSuccess()) {
            log.warn("Not every span reached the tracing collector within {} ms", millis);
        }
        provider.shutdown().join(millis, TimeUnit.MILLISECONDS);
    }
}
