package dev.managedtokens.core.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Context;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Starting spans of {@link Tracing#current()}: the run's root span, and children of whatever span is current on
 * this thread. Work handed to another thread (a service's virtual thread, a ping per node) keeps its parent only
 * when wrapped with {@link #wrap(Callable)}.
 */
public final class Spans {

    /** The instrumentation scope of library spans (workers, kerberos, notifications, db). */
    public static final String LIBRARY = "managed-tokens";

    private Spans() {}

    /** The run's root span, named and scoped after the executable ({@code token-push}, attribute {@code test}). */
    public static ActiveSpan root(String executable, Map<String, ?> attributes) {
        SpanBuilder builder =
                Tracing.current().tracer(executable).spanBuilder(executable).setNoParent();
        return new ActiveSpan(withAttributes(builder, attributes).startSpan());
    }

    /** A child of the current span in the library scope, e.g. {@code worker.pushToNode} with {@code service, node}. */
    public static ActiveSpan start(String name, Map<String, ?> attributes) {
        return start(LIBRARY, name, attributes);
    }

    /** A child of the current span in {@code scope}, e.g. the executable's {@code serviceConfigSetup_anonFunc}. */
    public static ActiveSpan start(String scope, String name, Map<String, ?> attributes) {
        SpanBuilder builder = Tracing.current().tracer(scope).spanBuilder(name);
        return new ActiveSpan(withAttributes(builder, attributes).startSpan());
    }

    /**
     * Runs {@code body} in a child span. An exception marks the span as failed, is recorded on it, and is rethrown;
     * the span ends either way.
     */
    public static <T> T run(String name, Map<String, ?> attributes, Supplier<T> body) {
        try (ActiveSpan span = start(name, attributes)) {
            try {
                return body.get();
            } catch (RuntimeException | Error e) {
                span.error(String.valueOf(e.getMessage()), e);
                throw e;
            }
        }
    }

    public static void run(String name, Map<String, ?> attributes, Runnable body) {
        run(name, attributes, () -> {
            body.run();
            return null;
        });
    }

    /** {@code task} with this thread's current span (and the rest of its context) as its parent wherever it runs. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return Context.current().wrap(task);
    }

    public static Runnable wrap(Runnable task) {
        return Context.current().wrap(task);
    }

    private static SpanBuilder withAttributes(SpanBuilder builder, Map<String, ?> attributes) {
        attributes.forEach((k, v) -> {
            switch (v) {
                case null -> {}
                case Boolean b -> builder.setAttribute(k, b);
                case Integer i -> builder.setAttribute(k, i.longValue());
                case Long l -> builder.setAttribute(k, l);
                case Double d -> builder.setAttribute(k, d);
                case Collection<?> c -> builder.setAttribute(AttributeKey.stringArrayKey(k), strings(c));
                default -> builder.setAttribute(k, v.toString());
            }
        });
        return builder;
    }

    static void put(Span span, String k, Object v) {
        switch (v) {
            case null -> {}
            case Boolean b -> span.setAttribute(k, b);
            case Integer i -> span.setAttribute(k, i.longValue());
            case Long l -> span.setAttribute(k, l);
            case Double d -> span.setAttribute(k, d);
            case Collection<?> c -> span.setAttribute(AttributeKey.stringArrayKey(k), strings(c));
            default -> span.setAttribute(k, v.toString());
        }
    }

    private static List<String> strings(Collection<?> c) {
        return c.stream().map(String::valueOf).toList();
    }
}
