package dev.managedtokens.core.config;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/** A per-service value that could be resolved from the configuration, or the one-line reason it could not. */
public sealed interface Resolved<T> {

    record Ok<T>(T value) implements Resolved<T> {
        public Ok {
            Objects.requireNonNull(value);
        }
    }

    record Failed<T>(String reason) implements Resolved<T> {}

    static <T> Resolved<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Resolved<T> failed(String reason) {
        return new Failed<>(reason);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value; throws when it failed (check {@link #isOk()} or use {@link #asOptional()}). */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new NoSuchElementException(((Failed<T>) this).reason());
    }

    default Optional<T> asOptional() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }

    default Optional<String> failure() {
        return this instanceof Failed<T> f ? Optional.of(f.reason()) : Optional.empty();
    }
}
