package dev.managedtokens.ferry.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.ferry.AdminHostFerry;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a check: 1,000 accounts refreshed from the FERRY stand-in over TLS through the real launcher,
 * as the operator, first into an empty database, then again (all unchanged). Off by default; run with
 * {@code bin/mvn -o -q -pl refresh-uids-from-ferry verify -Dit.test=ThousandAccountsBenchIT -Dmanagedtokens.bench=true
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}; the figures go to stdout and
 * {@code target/bench-refresh-uids.txt}.
 */
@EnabledIfSystemProperty(named = "managedtokens.bench", matches = "true")
class ThousandAccountsBenchIT {

    static final int ACCOUNTS = Integer.getInteger("managedtokens.bench.accounts", 1000);

    @Test
    void thousandAccountsThroughTheLauncher() throws Exception {
        try (Testbed bed = Testbed.start(TestbedSpec.of(0))) {
            AdminHost host = new AdminHost(bed, AdminHost.locateRepo());
            Map<String, Long> uids = new TreeMap<>();
            StringBuilder experiments = new StringBuilder();
            for (int i = 0; i < ACCOUNTS; i++) {
                String account = String.format("acct%04d", i);
                uids.put(account, 100_000L + i);
                experiments.append(String.format(
                        "exp%04d:%n  roles:%n    production:%n      account: %s%n"
                                + "      destinationNodes: [node1.example.org]%n",
                        i, account));
            }
            try (FerryStandIn ferry = AdminHostFerry.start(host)) {
                ferry.setUids(uids);
                host.writeConfig(
                        experiments.toString(),
                        """
                        disableNotifications: true
                        timeouts:
                          globalTimeout: 300s
                          ferryRequestTimeout: 30s
                        """ + ferry.configSection(ferry.certificates().client()));
                List<String> lines = new ArrayList<>();
                for (String pass : List.of("empty database", "all unchanged")) {
                    ferry.clearRequests();
                    AdminHost.LauncherRun run = host.run(
                            "refresh-uids-from-ferry",
                            List.of("-c", host.configFile().toString()),
                            Duration.ofMinutes(5));
                    assertEquals(0, run.exit(), run.toString());
                    lines.add(String.format(
                            "%d accounts, %s: %d requests to FERRY, launcher wall time %.2f s; %s",
                            ACCOUNTS,
                            pass,
                            ferry.userInfoRequestCount(),
                            run.result().elapsed().toMillis() / 1000.0,
                            run.stdout().lines().findFirst().orElse("")));
                }
                try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(host.dbFile())) {
                    assertEquals(uids, db.uids());
                }
                String report = String.join("\n", lines) + "\n";
                System.out.print(report);
                Files.writeString(Path.of("target/bench-refresh-uids.txt"), report);
            }
        }
    }
}
