package dev.managedtokens.core.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * A started span that is the current one on this thread until {@link #close}, which ends it. Use it in a
 * try-with-resources on the thread that started it.
 */
public final class ActiveSpan implements AutoCloseable {

    private final Span span;
    private final Scope scope;

    ActiveSpan(Span span) {
        this.span = span;
        this.scope = span.makeCurrent();
    }

    public ActiveSpan attribute(String key, Object value) {
        Spans.put(span, key, value);
        return this;
    }

    /** An event without attributes, e.g. the root span's {@code Start ping nodes}. */
    public ActiveSpan event(String name) {
        span.addEvent(name);
        return this;
    }

    /** Status Ok, as the Go service's success helper; the caller logs the message at INFO. */
    public ActiveSpan ok() {
        span.setStatus(StatusCode.OK);
        return this;
    }

    /**
     * Status Error with {@code message}, and the error recorded as an {@code exception} event, as the Go service's
     * error helper does; the caller logs the same message at ERROR.
     */
    public ActiveSpan error(String message) {
        span.setStatus(StatusCode.ERROR, message);
        span.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.message"), message));
        return this;
    }

    public ActiveSpan error(String message, Throwable cause) {
        span.setStatus(StatusCode.ERROR, message);
        span.recordException(cause);
        return this;
    }

    /** The OpenTelemetry span, for what this class does not cover. */
    public Span span() {
        return span;
    }

    @Override
    public void close() {
        scope.close();
        span.end();
    }
}
