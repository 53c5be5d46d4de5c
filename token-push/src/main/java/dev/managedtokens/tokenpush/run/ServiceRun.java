package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.worker.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a step sees of one service's run: its plan, the credential cache made for it, the global deadline and what
 * the earlier steps returned.
 *
 * @param cache   the service's file credential cache (empty until kinit fills it)
 * @param earlier the results of the steps before this one, in order
 */
record ServiceRun(PlannedService service, Path cache, Deadline deadline, List<StepResult> earlier) {

    public ServiceRun {
        earlier = List.copyOf(earlier);
    }

    /** The {@code KRB5CCNAME} every program of this service runs with after kinit. */
    public String krb5ccname() {
        return "FILE:" + cache;
    }

    /** A call's own timeout, never past the run's global deadline. */
    public Duration cap(Duration timeout) {
        Duration left = deadline.remaining();
        return left.compareTo(timeout) < 0 ? left : timeout;
    }

    /** The latest earlier result of this type. */
    public <R extends StepResult> Optional<R> earlier(Class<R> type) {
        for (int i = earlier.size() - 1; i >= 0; i--) {
            if (type.isInstance(earlier.get(i))) return Optional.of(type.cast(earlier.get(i)));
        }
        return Optional.empty();
    }

    /**
     * The run was interrupted (Ctrl-C or SIGTERM, see ShutdownCancellation): no new program is started, so that what
     * is under way can be unwound and nothing is left half done.
     */
    public static boolean cancelled() {
        return Thread.currentThread().isInterrupted();
    }
}
