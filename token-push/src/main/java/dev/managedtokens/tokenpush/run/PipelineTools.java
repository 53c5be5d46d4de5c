package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.push.ServicePush;
import dev.managedtokens.worker.push.TokenPusher;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.VaultTokenStorer;

/** The step workers of a pipeline, all sharing one process runner and so one process-wide limit. */
public record PipelineTools(
        KerberosTickets kerberos,
        VaultTokenStorer storer,
        HtgettokenGetter getter,
        NodePinger pinger,
        ServicePush push) {

    public static PipelineTools using(ProcessRunner runner) {
        return new PipelineTools(
                new KerberosTickets(runner),
                new VaultTokenStorer(runner),
                new HtgettokenGetter(runner),
                new NodePinger(runner),
                new ServicePush(new TokenPusher(runner)));
    }
}
