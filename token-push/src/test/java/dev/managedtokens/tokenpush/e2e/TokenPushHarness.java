package dev.managedtokens.tokenpush.e2e;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.StandIns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A bed and its admin host, plus what only token-push's tests need: the database seeded with UIDs. */
final class TokenPushHarness implements AutoCloseable {

    static final String COLLECTOR = AdminHost.COLLECTOR;

    final Testbed bed;
    final AdminHost host;
    final StandIns standIns;

    private TokenPushHarness(Testbed bed) {
        this.bed = bed;
        this.host = new AdminHost(bed, AdminHost.locateRepo());
        this.standIns = host.standIns();
    }

    static TokenPushHarness start(TestbedSpec spec) {
        return new TokenPushHarness(Testbed.start(spec));
    }

    /** The configuration for these tests: the bed's settings, generous timeouts, notifications off. */
    void writeConfig(String experiments, String extraTopLevel) {
        host.writeConfig(experiments, """
                storerConcurrency: 4
                disableNotifications: true
                timeouts:
                  globalTimeout: 120s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 10s
                  pushTimeout: 30s
                """ + extraTopLevel);
    }

    /** Writes the UIDs into the database as refresh-uids-from-ferry would, owned by the operator. */
    void seedUids(String... accounts) {
        Map<String, Long> uids = new HashMap<>();
        for (String a : accounts) {
            ServiceAccount acc = bed.account(a);
            uids.put(acc.user(), (long) acc.uid());
        }
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(host.dbFile())) {
            db.upsertUids(uids);
        }
        host.chownToOperator(host.dbFile().getParent());
    }

    AdminHost.LauncherRun tokenPush(String... args) {
        List<String> argv = new ArrayList<>(List.of("-c", host.configFile().toString()));
        argv.addAll(List.of(args));
        return host.run("token-push", argv, Duration.ofMinutes(3));
    }

    AdminHost.LauncherRun tokenPushStatus(String... args) {
        List<String> argv = new ArrayList<>(List.of("status", "-c", host.configFile().toString()));
        argv.addAll(List.of(args));
        return host.run("token-push", argv, Duration.ofMinutes(1));
    }

    @Override
    public void close() {
        bed.close();
    }
}
