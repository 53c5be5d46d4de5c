package dev.managedtokens.ferry.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.ferry.AdminHostFerry;
import dev.managedtokens.testbed.ferry.FerryAuthMode;
import dev.managedtokens.testbed.ferry.FerryFault;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import dev.managedtokens.testbed.standins.StandIns;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The daily job as cron runs it: the real launcher, as the operator account, against the FERRY stand-in over TLS
 * with the host certificate. The UIDs land in the database the operator owns, and token-push then finds them there.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshLauncherIT {

    static Testbed bed;
    static AdminHost host;
    static FerryStandIn ferry;
    static AdminHost.LauncherRun firstRun;

    @BeforeAll
    static void startBedAndRunOnce() {
        bed = Testbed.start(TestbedSpec.of(0, "dunepro", "mutwo", "ferrysvc"));
        host = new AdminHost(bed, AdminHost.locateRepo());
        // The host certificate and key belong to the service account that runs the job, as on an admin host.
        ferry = AdminHostFerry.start(host);
        host.onboard("fermilab", "production", "ferrysvc");
        host.handStateToOperator();
        ServiceAccount service = bed.account("ferrysvc");
        host.writeConfig(
                """
                dune:
                  roles:
                    production:
                      account: %s
                      destinationNodes: [node1.example.org]
                mu2e:
                  roles:
                    analysis:
                      account: %s
                      destinationNodes: [node1.example.org]
                """.formatted(host.user("dunepro"), host.user("mutwo")),
                """
                disableNotifications: true
                timeouts:
                  globalTimeout: 120s
                  ferryRequestTimeout: 20s
                """
                        + ferry.configSection(
                                ferry.certificates().client(),
                                "serviceExperiment: fermilab",
                                "serviceRole: production",
                                "serviceKerberosPrincipal: " + service.principal(),
                                "serviceKeytabPath: " + service.keytab(),
                                "vaultServer: " + StandIns.DEFAULT_VAULT_SERVER));
        firstRun = host.run(
                "refresh-uids-from-ferry", List.of("-c", host.configFile().toString()), Duration.ofMinutes(2));
    }

    @AfterAll
    static void stop() {
        try {
            if (ferry != null) ferry.close();
        } finally {
            if (bed != null) bed.close();
        }
    }

    @Test
    @Order(1)
    void theRunSucceedsWithOneRequestPerAccount() {
        assertEquals(0, firstRun.exit(), firstRun.toString());
        assertTrue(
                firstRun.stdout()
                        .contains("refresh-uids-from-ferry: 2 accounts, 2 refreshed (2 added, 0 changed,"
                                + " 0 unchanged), 0 failed, 0 conflicts, 2 requests to FERRY"),
                firstRun.toString());
        assertEquals(2, ferry.userInfoRequestCount());
        assertTrue(
                ferry.requests().stream().allMatch(r -> r.identity().contains("CN=admin.testbed")),
                ferry.requests().toString());
    }

    @Test
    @Order(2)
    void theUidsAreInTheDatabaseTheOperatorOwns() throws Exception {
        try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(host.dbFile())) {
            assertEquals(
                    Map.of(host.user("dunepro"), (long) bed.account("dunepro").uid(), host.user("mutwo"), (long)
                            bed.account("mutwo").uid()),
                    db.uids());
        }
        assertEquals(bed.operator().uid(), Files.getAttribute(host.dbFile(), "unix:uid"));
    }

    @Test
    @Order(3)
    void tokenPushFindsTheUidsForItsFileNames() {
        host.definePool("credd1.pool");
        host.handStateToOperator();
        AdminHost.LauncherRun plan = host.run(
                "token-push", List.of("--dry-run", "-c", host.configFile().toString()), Duration.ofMinutes(1));
        assertTrue(
                plan.stdout()
                        .contains("node1.example.org:/tmp/vt_u"
                                + bed.account("dunepro").uid() + "-dune_production"),
                plan.toString());
        assertTrue(
                plan.stdout()
                        .contains("node1.example.org:/tmp/vt_u"
                                + bed.account("mutwo").uid()),
                plan.toString());
    }

    @Test
    @Order(4)
    void validateConfigThroughTheLauncher() {
        AdminHost.LauncherRun again = host.run(
                "refresh-uids-from-ferry",
                List.of("--validate-config", "-c", host.configFile().toString()),
                Duration.ofMinutes(1));
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.stdout().contains("valid for --authmethod tls: 2 account(s)"), again.toString());
    }

    @Test
    @Order(5)
    void jwtAuthenticatesWithTheFerryServicesTokenAndLeavesNothingInTmpdir() throws Exception {
        ferry.clearRequests();
        ferry.setAuthMode(FerryAuthMode.BEARER_TOKEN);
        ferry.trustBearerTokens(host.standIns().bearerTokenKey(), "https://issuer.testbed/fermilab");
        AdminHost.LauncherRun jwt = host.run(
                "refresh-uids-from-ferry",
                List.of("--authmethod", "jwt", "-c", host.configFile().toString()),
                Duration.ofMinutes(2));
        assertEquals(0, jwt.exit(), jwt.toString());
        assertTrue(jwt.stdout().contains("2 refreshed (0 added, 0 changed, 2 unchanged)"), jwt.toString());
        assertEquals(
                List.of(host.credkey("ferrysvc"), host.credkey("ferrysvc")),
                ferry.requests().stream().map(r -> r.identity()).toList());
        try (var left = Files.list(host.tmpDir())) {
            List<String> names = left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("managed"))
                    .toList();
            assertEquals(List.of(), names, "the JWT login left files in TMPDIR");
        }
    }

    @Test
    @Order(6)
    void aOneGibAnswerForOneAccountFailsThatAccountOnlyWithinTheShippedHeap() throws Exception {
        // The launcher's shipped -Xmx256m could not hold the 1 GiB answer the stand-in streams; before the limit the
        // run read it whole (out of memory, or out of time) and no account was refreshed.
        ferry.clearRequests();
        ferry.setAuthMode(FerryAuthMode.CLIENT_CERTIFICATE);
        long newUid = bed.account("dunepro").uid() + 1000L;
        ferry.setUid(host.user("dunepro"), newUid);
        ferry.setFault(host.user("mutwo"), FerryFault.HUGE_BODY);
        long sentBefore = ferry.hugeBodyBytesSent();
        try {
            AdminHost.LauncherRun run = host.run(
                    "refresh-uids-from-ferry", List.of("-c", host.configFile().toString()), Duration.ofMinutes(2));

            assertTrue(
                    run.toString().contains("FERRY's answer for account " + host.user("mutwo") + " ("), run.toString());
            assertTrue(run.toString().contains("over the limit of 1048576 bytes (1 MiB)"), run.toString());
            assertTrue(!run.toString().contains("OutOfMemoryError"), run.toString());
            try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(host.dbFile())) {
                assertEquals(
                        Map.of(host.user("dunepro"), newUid, host.user("mutwo"), (long)
                                bed.account("mutwo").uid()),
                        db.uids());
            }
            long sent = ferry.hugeBodyBytesSent() - sentBefore;
            assertTrue(
                    sent < FerryStandIn.HUGE_BODY_BYTES / 16, sent + " bytes were sent, as if the client kept reading");
        } finally {
            ferry.clearFaults();
            ferry.setUid(host.user("dunepro"), bed.account("dunepro").uid());
        }
    }
}
