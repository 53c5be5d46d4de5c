package dev.managedtokens.tokenpush.run;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Semaphore;

/** The registered steps of token-push's pipeline, in the order they run. A new step is added here. */
final class Steps {

    private Steps() {}

    static List<Step> standard(
            PipelineTools tools,
            Semaphore storerSlots,
            TokenStepTracker tokenSteps,
            RuntimeDirectories runtimeDirs,
            GlobalTimeout globalTimeout,
            Clock clock) {
        return List.of(
                new KerberosStep(tools.kerberos()),
                new TokenStep(tools.storer(), tools.getter(), storerSlots, tokenSteps, runtimeDirs, globalTimeout),
                new PingStep(tools.pinger(), clock),
                new PushStep(tools.push(), clock));
    }
}
