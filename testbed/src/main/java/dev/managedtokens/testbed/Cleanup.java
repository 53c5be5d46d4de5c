package dev.managedtokens.testbed;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a bed has set up, to be undone in a safe order whatever state start reached: daemons first (namespaces and
 * accounts cannot go while processes use them), then the names, then the network, accounts and files. Within a
 * stage the last thing added is undone first. Every action runs even if an earlier one failed.
 */
final class Cleanup {

    enum Stage {
        DAEMONS,
        NAMES,
        NETWORK,
        ACCOUNTS,
        FILES
    }

    private record Action(String what, Runnable action) {}

    private final Map<Stage, Deque<Action>> actions = new EnumMap<>(Stage.class);

    synchronized void add(Stage stage, String what, Runnable action) {
        actions.computeIfAbsent(stage, s -> new ArrayDeque<>()).push(new Action(what, action));
    }

    /** Runs and forgets every action; returns one line per failure. */
    List<String> runAll() {
        List<String> failures = new ArrayList<>();
        for (Stage stage : Stage.values()) {
            while (true) {
                Action a;
                synchronized (this) {
                    Deque<Action> queue = actions.get(stage);
                    if (queue == null || queue.isEmpty()) break;
                    a = queue.pop();
                }
                try {
                    a.action().run();
                } catch (RuntimeException e) {
                    failures.add(a.what() + ": " + e.getMessage());
                }
            }
        }
        return failures;
    }
}
