package dev.managedtokens.notify.service;

import dev.managedtokens.db.ManagedTokensDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's consecutive-error counts for one run (docs/notifications.md, "Error counts and the threshold"):
 * loaded from the database, advanced by each error (an error passes when its new count reaches the threshold, and the
 * count then restarts at 0), saved at the end (changed counts as they are; unchanged non-zero counts as 0, since no
 * error this run means the problem is fixed). Without a database, or when loading fails, counting is off and every
 * error passes.
 *
 * <p>Unlike the Go service, the first push error on a node without a row counts as 1 like any other (it never
 * passed there), and names missing from {@code services}/{@code nodes} are registered before saving so their counts
 * accumulate instead of being lost in orphan rows.
 */
public final class ServiceErrorCounts {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceErrorCounts.class);

    private final String service;
    private final int threshold;
    private final Optional<ManagedTokensDatabase> database;
    private final Count setup;
    private final Map<String, Count> pushByNode;
    private final List<String> problems = new ArrayList<>();
    private OptionalInt setupGauge = OptionalInt.empty();
    private final Map<String, Integer> pushGauges = new TreeMap<>();

    private static final class Count {
        int value;
        boolean changed;

        Count(int value) {
            this.value = value;
        }
    }

    private ServiceErrorCounts(
            String service,
            int threshold,
            Optional<ManagedTokensDatabase> database,
            int setupCount,
            Map<String, Integer> pushCounts) {
        this.service = service;
        this.threshold = threshold;
        this.database = database;
        this.setup = new Count(setupCount);
        this.pushByNode = new LinkedHashMap<>();
        pushCounts.forEach((node, count) -> pushByNode.put(node, new Count(count)));
    }

    /**
     * Loads the stored counts of the service (configName). Without a database, or if reading fails (logged and kept
     * in {@link #problems()}), counting is off for this run.
     */
    public static ServiceErrorCounts load(Optional<ManagedTokensDatabase> database, String service, int threshold) {
        Objects.requireNonNull(service, "service");
        if (database.isEmpty()) {
            return new ServiceErrorCounts(service, threshold, Optional.empty(), 0, Map.of());
        }
        try {
            int setupCount = database.get().setupErrorCount(service).orElse(0);
            Map<String, Integer> pushCounts = database.get().pushErrorCounts(service);
            return new ServiceErrorCounts(service, threshold, database, setupCount, pushCounts);
        } catch (RuntimeException e) {
            String problem =
                    "Error setting error counts for " + service + ".  Will not track errors: " + e.getMessage();
            LOG.error(problem);
            ServiceErrorCounts off = new ServiceErrorCounts(service, threshold, Optional.empty(), 0, Map.of());
            off.problems.add(problem);
            return off;
        }
    }

    public String service() {
        return service;
    }

    public boolean counting() {
        return database.isPresent();
    }

    /** Counts one setup error; true if it passes (reaches the threshold, or counting is off). */
    public boolean countSetupError() {
        if (!counting()) {
            return true;
        }
        boolean passes = advance(setup);
        setupGauge = OptionalInt.of(setup.value);
        return passes;
    }

    /** Counts one push error on the node; true if it passes (reaches the threshold, or counting is off). */
    public boolean countPushError(String node) {
        if (!counting()) {
            return true;
        }
        Count count = pushByNode.computeIfAbsent(node, n -> new Count(0));
        boolean passes = advance(count);
        pushGauges.put(node, count.value);
        return passes;
    }

    /** Adds one error; a count that reaches the threshold passes and restarts at 0. Returns whether it passed. */
    private boolean advance(Count count) {
        int newCount = count.value + 1;
        count.changed = true;
        boolean passes = newCount >= threshold;
        count.value = passes ? 0 : newCount;
        return passes;
    }

    /**
     * The count as it will be stored after the last setup error counted this run
     * ({@code managed_tokens_current_setup_error_count}): 0 once a message went out, as the Go service pushes it, so
     * the gauge and the database always agree.
     */
    public OptionalInt setupGauge() {
        return setupGauge;
    }

    /**
     * Node to its count as it will be stored after its last push error this run
     * ({@code managed_tokens_current_push_error_count}).
     */
    public Map<String, Integer> pushGauges() {
        return Collections.unmodifiableMap(pushGauges);
    }

    /** What went wrong reading or writing the counts, one line each (already logged). */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Writes the counts back (nothing when counting is off); a failure is logged and kept in {@link #problems()}. */
    public void save() {
        if (database.isEmpty()) {
            return;
        }
        ManagedTokensDatabase db = database.get();
        try {
            OptionalInt setupToWrite = toWrite(setup);
            if (setupToWrite.isPresent() && !db.setSetupErrorCount(service, setupToWrite.getAsInt())) {
                db.registerServices(List.of(service));
                db.setSetupErrorCount(service, setupToWrite.getAsInt());
            }
            Map<String, Integer> pushToWrite = new TreeMap<>();
            pushByNode.forEach((node, count) -> toWrite(count).ifPresent(v -> pushToWrite.put(node, v)));
            if (!pushToWrite.isEmpty()) {
                Set<String> unwritten = db.setPushErrorCounts(service, pushToWrite);
                if (!unwritten.isEmpty()) {
                    db.registerServices(List.of(service));
                    db.registerNodes(unwritten);
                    Map<String, Integer> retry = new TreeMap<>(pushToWrite);
                    retry.keySet().retainAll(unwritten);
                    db.setPushErrorCounts(service, retry);
                }
            }
        } catch (RuntimeException e) {
            String problem = "Error saving new error counts for " + service + " in database.  Please investigate: "
                    + e.getMessage();
            LOG.error(problem);
            problems.add(problem);
        }
    }

    private static OptionalInt toWrite(Count count) {
        if (count.changed) {
            return OptionalInt.of(count.value);
        }
        return count.value != 0 ? OptionalInt.of(0) : OptionalInt.empty();
    }
}
