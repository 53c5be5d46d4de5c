package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fifty services, each with its own account (so its own principal and credkey), storing in two credds with 16
 * storers at once. The race that made the Go service serialise every store is forced, not hoped for: the first
 * service's storer is held right after it copied its bearer token to {@code bt_u<uid>}, until other services have
 * stored credentials; with a shared {@code XDG_RUNTIME_DIR} its credential would then be filed under theirs.
 */
class ConcurrentStoresIT {

    private static final int SERVICES = 50;
    private static final String HELD = service(1);

    static TokenPushHarness h;
    static AdminHost.LauncherRun run;
    static Instant heldAt;
    static List<StoredCredential> storedWhileHeld;

    static String account(int i) {
        return "acct%02d".formatted(i);
    }

    static String experiment(int i) {
        return "exp%02d".formatted(i);
    }

    static String service(int i) {
        return experiment(i) + "_prod";
    }

    /** Odd services go to node1, even ones to node2, every fifth to both. */
    static List<SubmitNode> nodesOf(int i) {
        if (i % 5 == 0) return h.bed.nodes();
        return List.of(h.bed.node(i % 2 == 1 ? "node1" : "node2"));
    }

    @BeforeAll
    static void runFiftyServicesWithTheRaceForced() {
        String[] accounts = IntStream.rangeClosed(1, SERVICES)
                .mapToObj(ConcurrentStoresIT::account)
                .toArray(String[]::new);
        h = TokenPushHarness.start(TestbedSpec.of(2, accounts));
        h.host.definePool("credd1.pool", "credd2.pool");
        StringBuilder experiments = new StringBuilder();
        for (int i = 1; i <= SERVICES; i++) {
            h.host.onboard(experiment(i), "prod", account(i));
            experiments.append("""
                    %s:
                      roles:
                        prod:
                          account: %s
                          destinationNodes: [%s]
                    """.formatted(
                            experiment(i),
                            h.host.user(account(i)),
                            nodesOf(i).stream().map(SubmitNode::hostName).collect(Collectors.joining(", "))));
        }
        h.seedUids(accounts);
        h.writeConfigWithSettings(experiments.toString(), """
                storerConcurrency: 16
                disableNotifications: true
                timeouts:
                  globalTimeout: 240s
                  kerberosTimeout: 30s
                  vaultStorerTimeout: 90s
                  pingTimeout: 30s
                  pushTimeout: 90s
                """);
        h.standIns.pauseAfterBearerCopy(HELD);
        h.host.handStateToOperator();

        CompletableFuture<AdminHost.LauncherRun> background = h.tokenPushInBackground();
        try {
            assertTrue(
                    h.standIns.awaitPaused(HELD, Duration.ofSeconds(60)),
                    "the storer of " + HELD + " never reached the pause after its bearer-token copy");
            heldAt = Instant.now();
            // While it is held, other services copy their bearer tokens and store: the moment of the race.
            Await.until(
                    "other services store while " + HELD + " is held",
                    Duration.ofSeconds(90),
                    () -> storedSince(heldAt).size() >= 3);
            storedWhileHeld = storedSince(heldAt);
        } finally {
            h.standIns.release(HELD);
        }
        run = TokenPushHarness.await(background, Duration.ofMinutes(4));
    }

    private static List<StoredCredential> storedSince(Instant t) {
        List<StoredCredential> all = new ArrayList<>(h.standIns.credentials("credd1.pool"));
        all.addAll(h.standIns.credentials("credd2.pool"));
        return all.stream()
                .filter(c -> !c.service().equals(HELD) && c.storedAt().isAfter(t))
                .toList();
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @Test
    void everyServiceSucceeds() {
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.stdout().contains(SERVICES + " services, " + SERVICES + " succeeded, 0 failed"), run.toString());
    }

    @Test
    void otherServicesReallyStoredWhileOneWasBetweenItsBearerCopyAndItsStore() {
        assertTrue(storedWhileHeld.size() >= 3, storedWhileHeld.toString());
    }

    @Test
    void everyCredentialIsFiledUnderItsOwnServicesIdentityInEveryCredd() {
        Map<String, String> credkeyOf = new HashMap<>();
        for (int i = 1; i <= SERVICES; i++) {
            credkeyOf.put(service(i), h.host.credkey(account(i)));
        }
        for (String credd : List.of("credd1.pool", "credd2.pool")) {
            List<StoredCredential> creds = h.standIns.credentials(credd);
            List<String> wrong = creds.stream()
                    .filter(c -> !c.identity().equals(credkeyOf.get(c.service())))
                    .map(c -> c.service() + " filed under " + c.identity())
                    .toList();
            assertEquals(List.of(), wrong, "credentials under another service's identity in " + credd);
            assertEquals(
                    credkeyOf.keySet(),
                    creds.stream().map(StoredCredential::service).collect(Collectors.toSet()),
                    "services with a credential in " + credd);
            assertEquals(SERVICES, creds.size(), "one credential per service in " + credd + ": " + creds);
        }
    }

    @Test
    void theStoresRanWithSixteenPrivateRuntimeDirectories() {
        List<Call> storerCalls = h.standIns.callLog("condor_vault_storer");
        assertEquals(2 * SERVICES, storerCalls.size(), "one storer call per service and credd");
        Map<String, List<String>> dirsByService = storerCalls.stream()
                .collect(Collectors.groupingBy(
                        c -> c.argv().get(c.argv().size() - 1),
                        Collectors.mapping(c -> c.envValue("XDG_RUNTIME_DIR"), Collectors.toList())));
        Map<String, String> serviceByDir = new HashMap<>();
        dirsByService.forEach((svc, dirs) -> dirs.forEach(d -> {
            String other = serviceByDir.putIfAbsent(d, svc);
            assertTrue(other == null || other.equals(svc), svc + " and " + other + " shared XDG_RUNTIME_DIR " + d);
        }));
    }

    @Test
    void everyTokenIsOnEachOfItsNodes() throws Exception {
        for (int i = 1; i <= SERVICES; i++) {
            ServiceAccount a = h.bed.account(account(i));
            for (SubmitNode node : nodesOf(i)) {
                for (Path p : AdminHost.tokenFilesOn(node, a, service(i))) {
                    assertTrue(Files.isRegularFile(p), p + " missing on " + node.name());
                    assertEquals(a.uid(), Files.getAttribute(p, "unix:uid"), "owner of " + p);
                    assertTrue(Files.readString(p).startsWith("hvs."), p + " is not a vault token");
                }
            }
            for (SubmitNode node : h.bed.nodes()) {
                if (!nodesOf(i).contains(node)) {
                    assertTrue(
                            !Files.exists(node.tmpDir().resolve("vt_u" + a.uid())),
                            service(i) + " pushed to " + node.name() + ", which is not one of its nodes");
                }
            }
        }
    }
}
