package dev.managedtokens.testbed.ferry;

import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.support.Tools;

/**
 * FERRY for a bed's admin host, ready for refresh-uids-from-ferry: certificates made under the bed, the host
 * certificate and key handed to the operator account (which runs the job), and every account of the bed known to
 * FERRY with its real UNIX UID. Write {@code ferry.configSection(ferry.certificates().client())} into the
 * configuration's extra top-level keys.
 */
public final class AdminHostFerry {

    private AdminHostFerry() {}

    /** Starts the stand-in; the caller closes it (before the bed). */
    public static FerryStandIn start(AdminHost host) {
        FerryCertificates certs = FerryCertificates.create(
                host.bed().dir().resolve("ferry-pki"),
                "localhost",
                new Tools(new dev.managedtokens.core.process.ProcessRunner(4)));
        host.chownToOperator(certs.dir().resolve("clients"));
        FerryStandIn ferry = FerryStandIn.start(certs);
        for (ServiceAccount a : host.bed().accounts()) {
            ferry.setUid(a.user(), a.uid());
        }
        return ferry;
    }
}
