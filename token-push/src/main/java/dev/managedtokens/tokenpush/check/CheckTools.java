package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.worker.check.CreddQuery;
import dev.managedtokens.worker.check.KeytabListing;
import dev.managedtokens.worker.check.NodeFileListing;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.schedd.ScheddDiscovery;

/** The probes of a check, all on one process runner and so under one process limit, as a run's workers are. */
record CheckTools(
        KeytabListing keytabs,
        KerberosTickets kerberos,
        ScheddDiscovery schedds,
        CreddQuery credds,
        NodePinger pinger,
        NodeFileListing nodeFiles) {

    static CheckTools using(ProcessRunner runner, ScheddDiscovery discovery) {
        return new CheckTools(
                new KeytabListing(runner),
                new KerberosTickets(runner),
                discovery,
                new CreddQuery(runner),
                new NodePinger(runner),
                new NodeFileListing(runner));
    }
}
