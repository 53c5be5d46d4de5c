package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The hourly job on a healthy bed: three services (one storing in two credds, one getToken, one whose experiment
 * is overridden) end with their vault token in every credd, filed under their own identity, and on every node at
 * both paths, 0400 and owned by the account. A second run reuses the still-valid tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NormalRunIT {

    static TokenPushHarness h;
    static AdminHost.LauncherRun firstRun;

    @BeforeAll
    static void startBedAndRunOnce() {
        h = TokenPushHarness.start(TestbedSpec.of(2, "dunepro", "mutwo", "dunein"));
        h.host.definePool("credd2.pool", "credd1.pool");
        h.host.onboard("dune", "production", "dunepro");
        h.host.onboard("mu2e", "analysis", "mutwo");
        h.host.onboard("dune", "integration", "dunein");
        h.seedUids("dunepro", "mutwo", "dunein");
        h.writeConfig(experiments(), "");
        h.host.handStateToOperator();
        firstRun = h.tokenPush();
    }

    static String experiments() {
        String node1 = h.bed.node("node1").hostName();
        String node2 = h.bed.node("node2").hostName();
        return """
                dune:
                  emails: [dune-ops@example.org]
                  roles:
                    production:
                      account: %s
                      destinationNodes: [%s, %s]
                mu2e:
                  roles:
                    analysis:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                dune-int:
                  experimentOverride: dune
                  roles:
                    integration:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(
                h.host.user("dunepro"), node1, node2, h.host.user("mutwo"), node1, h.host.user("dunein"), node2);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @Test
    @Order(1)
    void everyServiceSucceedsAndTheSummarySaysSo() {
        assertEquals(0, firstRun.exit(), firstRun.toString());
        assertTrue(firstRun.stdout().contains("3 services, 3 succeeded, 0 failed"), firstRun.toString());
    }

    @Test
    @Order(2)
    void storeServicesHaveTheirTokenInEveryCreddUnderTheirOwnIdentity() {
        for (String credd : List.of("credd1.pool", "credd2.pool")) {
            List<StoredCredential> creds = h.standIns.credentials(credd);
            assertEquals(
                    Set.of("dune_production", "dune_integration"),
                    creds.stream().map(StoredCredential::service).collect(Collectors.toSet()),
                    creds.toString());
            for (StoredCredential c : creds) {
                String account = c.service().equals("dune_production") ? "dunepro" : "dunein";
                assertEquals(h.host.credkey(account), c.identity(), "credential of " + c.service() + " in " + credd);
            }
        }
    }

    @Test
    @Order(3)
    void oneStorerCallPerCreddWithThePrivateEnvironment() {
        List<Call> storerCalls = h.standIns.callLog("condor_vault_storer");
        for (String svc : List.of("dune_production", "dune_integration")) {
            List<Call> calls = storerCalls.stream()
                    .filter(c -> c.argv().equals(List.of("--", svc)))
                    .toList();
            assertEquals(
                    List.of("credd2.pool", "credd1.pool"),
                    calls.stream().map(c -> c.envValue("_condor_CREDD_HOST")).toList(),
                    "credd order for " + svc);
            for (Call c : calls) {
                assertEquals(TokenPushHarness.COLLECTOR, c.envValue("_condor_COLLECTOR_HOST"));
                assertEquals(
                        "-a " + dev.managedtokens.testbed.standins.StandIns.DEFAULT_VAULT_SERVER,
                        c.envValue("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS"));
                String account = svc.equals("dune_production") ? "dunepro" : "dunein";
                assertEquals(
                        "--vaulttokenminttl=10s --credkey=" + h.host.credkey(account), c.envValue("HTGETTOKENOPTS"));
                assertTrue(c.envValue("KRB5CCNAME").startsWith("FILE:"), c.toString());
                assertNull(c.envValue("BEARER_TOKEN"));
                assertNull(c.envValue("BEARER_TOKEN_FILE"));
                assertFalse(c.envValue("XDG_RUNTIME_DIR") == null
                        || c.envValue("XDG_RUNTIME_DIR").equals("/tmp"));
            }
        }
        Set<String> runtimeDirs = storerCalls.stream()
                .map(c -> c.argv().get(c.argv().size() - 1) + " " + c.envValue("XDG_RUNTIME_DIR"))
                .collect(Collectors.toSet());
        Set<String> dirsOnly =
                storerCalls.stream().map(c -> c.envValue("XDG_RUNTIME_DIR")).collect(Collectors.toSet());
        assertEquals(runtimeDirs.size(), dirsOnly.size(), "two services shared an XDG_RUNTIME_DIR: " + runtimeDirs);
    }

    @Test
    @Order(4)
    void tokensAreOnEveryNodeAtBothPathsReadOnlyAndOwnedByTheAccount() throws Exception {
        assertTokenOnNode("dunepro", "dune_production", "node1");
        assertTokenOnNode("dunepro", "dune_production", "node2");
        assertTokenOnNode("mutwo", "mu2e_analysis", "node1");
        assertTokenOnNode("dunein", "dune_integration", "node2");
        // Each node has its own /tmp: a service is only where it is configured.
        ServiceAccount mu2e = h.bed.account("mutwo");
        assertFalse(Files.exists(h.bed.node("node2").tmpDir().resolve("vt_u" + mu2e.uid())));
    }

    private static void assertTokenOnNode(String account, String service, String nodeName) throws Exception {
        ServiceAccount a = h.bed.account(account);
        SubmitNode node = h.bed.node(nodeName);
        for (Path p : List.of(
                node.tmpDir().resolve("vt_u" + a.uid()), node.tmpDir().resolve("vt_u" + a.uid() + "-" + service))) {
            assertTrue(Files.exists(p), p + " missing on " + nodeName);
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            assertEquals(a.uid(), Files.getAttribute(p, "unix:uid"), "owner of " + p);
            assertTrue(Files.readString(p).startsWith("hvs."), p + " is not a vault token");
        }
        Path roleFile =
                node.tmpDir().resolve("default_role_" + service.substring(0, service.indexOf('_')) + "_" + a.uid());
        if (!service.equals("dune_integration")) {
            assertEquals(service.substring(service.indexOf('_') + 1) + "\n", Files.readString(roleFile));
        }
    }

    @Test
    @Order(5)
    void localStoredTokensAre0600() throws Exception {
        try (var files = Files.list(h.host.tokenRoot())) {
            List<Path> all = files.toList();
            assertFalse(all.isEmpty(), "no token stored under " + h.host.tokenRoot());
            for (Path p : all) {
                assertEquals(
                        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
            }
        }
    }

    @Test
    @Order(6)
    void secondRunReusesStillValidVaultTokens() {
        int mintedBefore = h.standIns.mintedVaultTokens();
        AdminHost.LauncherRun second = h.tokenPush();
        assertEquals(0, second.exit(), second.toString());
        assertEquals(mintedBefore, h.standIns.mintedVaultTokens(), "a vault token was minted although one was valid");
        assertNotEquals(0, mintedBefore);
    }

    @Test
    @Order(7)
    void statusShowsTheLastSuccessfulPushPerNode() {
        AdminHost.LauncherRun status = h.tokenPushStatus();
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.stdout().contains("dune_production"), status.toString());
        assertFalse(status.stdout().contains("never"), status.toString());
    }
}
