package dev.managedtokens.notify.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The errors the admins hear about in one run (docs/notifications.md), by service key: setup messages in arrival order
 * (duplicates kept) and node to push message (last wins). Not thread-safe: one run fills it, then it is rendered.
 */
public final class AdminErrors {

    /** The errors of one key, as the templates see them. */
    public record KeyErrors(List<String> setupErrors, SortedMap<String, String> pushErrors) {
        public KeyErrors {
            setupErrors = List.copyOf(setupErrors);
            pushErrors = Collections.unmodifiableSortedMap(new TreeMap<>(pushErrors));
        }
    }

    private final Map<String, List<String>> setup = new TreeMap<>();
    private final Map<String, Map<String, String>> push = new TreeMap<>();

    public void addSetupError(String key, String message) {
        setup.computeIfAbsent(key, k -> new ArrayList<>()).add(message);
    }

    public void addPushError(String key, String node, String message) {
        push.computeIfAbsent(key, k -> new TreeMap<>()).put(node, message);
    }

    /**
     * The keys with something to report, sorted; push errors with an empty message are left out, as the Go service
     * does when it prepares the messages.
     */
    public SortedMap<String, KeyErrors> byKey() {
        SortedMap<String, KeyErrors> result = new TreeMap<>();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        setup.keySet().forEach(k -> keys.put(k, true));
        push.keySet().forEach(k -> keys.put(k, true));
        for (String key : keys.keySet()) {
            List<String> setupErrors = setup.getOrDefault(key, List.of());
            TreeMap<String, String> pushErrors = new TreeMap<>(push.getOrDefault(key, Map.of()));
            pushErrors.values().removeIf(String::isEmpty);
            if (!setupErrors.isEmpty() || !pushErrors.isEmpty()) {
                result.put(key, new KeyErrors(setupErrors, pushErrors));
            }
        }
        return result;
    }

    public boolean isEmpty() {
        return byKey().isEmpty();
    }
}
