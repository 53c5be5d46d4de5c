package dev.managedtokens.tokenpush.run;

import java.util.HashSet;
import java.util.Set;

/**
 * Runs an action once every service's token step is over (done, failed, or never reached). The storer leaves the
 * operator's own {@code /tmp/vt_u<uid>} behind; it may only be removed when no storer can still need it, and the
 * Go service's removal once per service, before ping, is a bug (docs/compatibility.md).
 */
final class TokenStepTracker {

    private final Set<String> pending;
    private final Runnable whenAllDone;
    private boolean fired;

    TokenStepTracker(Set<String> services, Runnable whenAllDone) {
        this.pending = new HashSet<>(services);
        this.whenAllDone = whenAllDone;
        if (pending.isEmpty()) {
            fire();
        }
    }

    /** Idempotent per service: a pipeline calls it after its token step and again when it ends. */
    void done(String service) {
        boolean last;
        synchronized (this) {
            last = pending.remove(service) && pending.isEmpty() && !fired;
            if (last) fired = true;
        }
        if (last) whenAllDone.run();
    }

    private synchronized void fire() {
        fired = true;
        whenAllDone.run();
    }
}
