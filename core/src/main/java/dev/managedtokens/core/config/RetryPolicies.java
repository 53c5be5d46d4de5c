package dev.managedtokens.core.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The retry policy of every worker type. Unlike the Go service, an impossible budget disables retries for that type
 * only, not for all of them (docs/compatibility.md, "Correctness").
 */
public record RetryPolicies(Map<WorkerType, RetryPolicy> byType) {

    public static final RetryPolicies NONE = new RetryPolicies(Map.of());

    public RetryPolicies {
        EnumMap<WorkerType, RetryPolicy> all = new EnumMap<>(WorkerType.class);
        for (WorkerType w : WorkerType.values()) {
            all.put(w, byType.getOrDefault(w, RetryPolicy.NONE));
        }
        byType = Collections.unmodifiableMap(all);
    }

    public RetryPolicy of(WorkerType type) {
        return byType.get(type);
    }
}
