package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.push.ServicePush;
import dev.managedtokens.worker.push.TokenPusher;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.VaultTokenStorer;
import java.time.Clock;
import java.util.List;

/**
 * The registered steps of token-push's pipeline, in the order they run: a new step is added here. One instance
 * serves one run, or one dry run: the planner asks these very steps for their requests and the pipeline runs them.
 */
public final class Steps {

    private final List<Step<?>> steps;

    private Steps(List<Step<?>> steps) {
        this.steps = List.copyOf(steps);
    }

    /**
     * @param runner   every step's programs go through it, and so under one process-wide limit
     * @param settings what the steps need of the run as a whole: how many services may store at once, the global
     *                 timeout for messages and where the runtime directories go
     * @param runUid   the UID running token-push
     */
    public static Steps standard(ProcessRunner runner, RunSettings settings, int runUid, Clock clock) {
        GlobalTimeout globalTimeout = new GlobalTimeout(settings.globalTimeout());
        return new Steps(List.of(
                new KerberosStep(new KerberosTickets(runner)),
                new TokenStep(
                        new VaultTokenStorer(runner),
                        new HtgettokenGetter(runner),
                        settings.storerConcurrency(),
                        new RuntimeDirectories(settings.databaseFile()),
                        globalTimeout,
                        runUid),
                new PingStep(new NodePinger(runner), clock),
                new PushStep(new ServicePush(new TokenPusher(runner)), clock)));
    }

    /** The steps as the planner and the dry run know them. */
    public List<PlannableStep<?>> planning() {
        return List.copyOf(steps);
    }

    List<Step<?>> all() {
        return steps;
    }
}
