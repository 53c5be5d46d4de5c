package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import dev.managedtokens.testbed.standins.StandIns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One service (the victim) meets one fault per test while three bystanders (two storing in both credds, one
 * getToken) run beside it. Each test checks what the victim's line of the summary says, that the bystanders still
 * succeed with their tokens freshly on their nodes, that the exit status is 3 (docs/run-flow.md), and that every good
 * token the victim had before the run (stored per credd, and on its nodes) is still there, not even rewritten.
 */
class FaultMatrixIT {

    static final String VICTIM = "fmvictim_prod";
    static final List<String> BYSTANDERS = List.of("fmalpha_prod", "fmbeta_prod", "fmgamma_ana");
    static final List<String> CREDDS = List.of("credd1.pool", "credd2.pool");

    /**
     * Timeouts a loaded two-core machine meets with room to spare (a storer call that mints takes a few hundred ms
     * alone, seconds when the machine is busy); the tests that wait for a timeout set short ones themselves.
     */
    static final String SETTINGS = settings("60s", "20s");

    /** The bed's settings with this global and vault-storer timeout; kerberos + storer + ping + push must fit. */
    static String settings(String global, String storer) {
        return """
                storerConcurrency: 4
                disableNotifications: true
                pingOptions: "-W 1"
                timeouts:
                  globalTimeout: %s
                  kerberosTimeout: 5s
                  vaultStorerTimeout: %s
                  pingTimeout: 5s
                  pushTimeout: 15s
                """.formatted(global, storer);
    }

    static TokenPushHarness h;

    /** What the victim looks like in this test's configuration. */
    record Victim(String account, List<String> nodes, String extraYaml) {
        Victim withNodes(String... n) {
            return new Victim(account, List.of(n), extraYaml);
        }

        Victim with(String yaml) {
            return new Victim(account, nodes, extraYaml + yaml + "\n");
        }

        Victim withAccount(String a) {
            return new Victim(a, nodes, extraYaml);
        }
    }

    Victim victim;
    String settings;
    FileStates victimTokens;

    @BeforeAll
    static void startBedAndRunOnceCleanly() {
        h = TokenPushHarness.start(TestbedSpec.of(2, "alpha", "beta", "gamma", "victim", "newbie")
                .withUnpingableNode()
                .withSshdDownNode());
        h.host.definePool(CREDDS.toArray(String[]::new));
        h.host.onboard("fmalpha", "prod", "alpha");
        h.host.onboard("fmbeta", "prod", "beta");
        h.host.onboard("fmgamma", "ana", "gamma");
        h.host.onboard("fmvictim", "prod", "victim");
        h.seedUids("alpha", "beta", "gamma", "victim");
        h.host.handStateToOperator();
        h.writeConfigWithSettings(experiments(normalVictim()), SETTINGS);
        AdminHost.LauncherRun first = h.tokenPush();
        assertEquals(0, first.exit(), "the clean run before the faults failed: " + first);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @BeforeEach
    void snapshotTheVictimsGoodTokens() {
        victim = normalVictim();
        settings = SETTINGS;
        if (!everyGoodToken().stream().allMatch(Files::isRegularFile)) {
            // An earlier test failed and lost some: make them again, so one failure does not fail every test after.
            h.writeConfigWithSettings(experiments(victim), SETTINGS);
            AdminHost.LauncherRun clean = h.tokenPush();
            assertEquals(0, clean.exit(), "the clean run that restores the tokens failed: " + clean);
        }
        victimTokens = FileStates.of(victimGoodTokens());
    }

    @AfterEach
    void repairTheBed() {
        h.standIns.clearFailureModes();
        if (!h.bed.kdc().isRunning()) h.bed.kdc().start();
    }

    static Victim normalVictim() {
        return new Victim("victim", List.of("node1"), "");
    }

    // ------------------------------------------------------------------------------------------------ the cases

    @Test
    void kdcDown() {
        FileStates everyToken = FileStates.of(everyGoodToken());
        h.bed.kdc().stop();
        AdminHost.LauncherRun r = run();
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.stdout().contains("4 services, 0 succeeded, 4 failed"), r.toString());
        for (String s : allServices()) {
            assertTrue(failedLine(r, s).startsWith("getKerberosTickets: "), r.toString());
        }
        everyToken.assertUnchanged("KDC down");
    }

    @Test
    void wrongPrincipalForTheKeytab() {
        victim = victim.with("userPrincipalOverride: " + h.bed.account("alpha").principal());
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "getKerberosTickets", "kinit");
        victimTokens.assertUnchanged("wrong principal");
    }

    @Test
    void storerAuthenticationNeeded() {
        h.standIns.setFailureMode(FailureTarget.service(VICTIM), FailureMode.AUTH_NEEDED);
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(
                r,
                "storeAndGetTokens",
                "authentication needed for service to generate vault token",
                "credd1.pool",
                "credd2.pool");
        victimTokens.assertUnchanged("auth needed");
    }

    @Test
    void storerPermissionDenied() {
        h.standIns.setFailureMode(FailureTarget.service(VICTIM), FailureMode.PERMISSION_DENIED);
        AdminHost.LauncherRun r = runAndCheckBystanders();
        // htgettoken 2.x wording ("HTTPError: Forbidden: permission denied", no 403): a Vault policy matter.
        assertVictimFailed(
                r,
                "storeAndGetTokens",
                "Vault refused the login (permission denied)",
                "HTTPError: Forbidden: permission denied",
                "onboarding again does not help");
        victimTokens.assertUnchanged("403");
    }

    @Test
    void storerCredentialsMismatch() {
        h.standIns.setFailureMode(FailureTarget.service(VICTIM), FailureMode.MISMATCH);
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "storeAndGetTokens", "credentials exist that do not match");
        victimTokens.assertUnchanged("credentials mismatch");
    }

    @Test
    void storerHangingPastItsTimeoutIsKilledWithItsChildren() {
        // A short storer timeout, and one credd, so the test waits for one timeout only.
        settings = settings("40s", "4s");
        victim = victim.with("condorCreddHostOverride: credd1.pool");
        h.standIns.setFailureMode(FailureTarget.service(VICTIM), FailureMode.HANG);
        List<Long> hungBefore = h.standIns.hungProcessIds();
        long t0 = System.nanoTime();
        AdminHost.LauncherRun r = runAndCheckBystanders();
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        assertVictimFailed(r, "storeAndGetTokens", "credd1.pool", "timeout error (killed with its children");
        assertTrue(
                wall.compareTo(Duration.ofSeconds(30)) < 0,
                "the hung storer was not stopped at its timeout of 4 s" + " but after " + wall.toMillis() + " ms");
        victimTokens.assertUnchanged("hang");
        assertHungProcessesGone(hungBefore);
    }

    @Test
    void creddThatCannotBeReached() {
        String credd = "nosuch.credd." + h.bed.domain();
        victim = victim.with("condorCreddHostOverride: " + credd);
        int callsBefore = h.standIns.callLog().size();
        AdminHost.LauncherRun r = runAndCheckBystanders();
        // condor_store_cred exits 1 as for "nothing stored", so the storer fails only at add-oauth, and nothing
        // the real tools print says why: the failure says so rather than guess.
        assertVictimFailed(
                r,
                "storeAndGetTokens",
                "credd " + credd + " did not store the credential",
                "do not say whether the credd is down or unreachable",
                "condor_store_cred query-oauth -s " + VICTIM);
        victimTokens.assertUnchanged("unreachable credd");
        List<String> sequence = h
                .standIns
                .callLog()
                .subList(callsBefore, h.standIns.callLog().size())
                .stream()
                .filter(c -> credd.equals(c.envValue("_condor_CREDD_HOST")))
                .map(c -> c.tool()
                        + (c.tool().equals("condor_store_cred") ? " " + c.argv().get(0) : ""))
                .toList();
        assertEquals(
                List.of(
                        "condor_vault_storer",
                        "condor_config_val",
                        "condor_store_cred query-oauth",
                        "htgettoken",
                        "htgettoken",
                        "condor_store_cred add-oauth"),
                sequence,
                "the real storer's sequence");
    }

    @Test
    void collectorDown() {
        victim = victim.with("condorCollectorHostOverride: down.pool");
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "setup", "Cannot proceed without schedds", "down.pool");
        victimTokens.assertUnchanged("collector down");
    }

    @Test
    void collectorMatchingZeroSchedds() {
        victim = victim.with("condorScheddConstraintOverride: 'Name == \"nosuch.pool\"'");
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "setup", "no schedd matching constraint");
        victimTokens.assertUnchanged("zero schedds");
    }

    @Test
    void uidMissingFromTheDatabase() {
        victim = victim.withAccount("newbie");
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "setup", "could not get UID", h.host.user("newbie"));
        victimTokens.assertUnchanged("UID missing");
    }

    @Test
    void aNodeThatDoesNotAnswerPingIsStillPushedTo() {
        SubmitNode noping = h.bed.unpingableNode().orElseThrow();
        victim = victim.withNodes("node1", noping.name());
        List<Path> landing = new ArrayList<>(tokenFiles(VICTIM, "victim", "node1"));
        landing.addAll(tokenFiles(VICTIM, "victim", noping.name()));
        FileStates.removeBeforeRun(landing);
        FileStates.removeBeforeRun(bystanderLandings());
        AdminHost.LauncherRun r = run();
        assertEquals(0, r.exit(), r.toString());
        String line = okLine(r, VICTIM);
        assertTrue(line.contains("pushed to " + h.bed.node("node1").hostName() + ", " + noping.hostName()), line);
        assertTrue(line.contains("did not answer ping: " + noping.hostName()), line);
        for (Path p : landing) {
            FileStates.assertLanded(p, sourceToken(VICTIM), "victim");
        }
        assertBystandersSucceeded(r);
    }

    @Test
    void aNodeWithSshdDownFailsAloneAndKeepsItsOldToken() throws Exception {
        SubmitNode nosshd = h.bed.sshdDownNode().orElseThrow();
        ServiceAccount a = h.bed.account("victim");
        for (Path p : AdminHost.tokenFilesOn(nosshd, a, VICTIM)) {
            Files.writeString(p, "hvs.an-old-but-good-token\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--------"));
            Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(a.user()));
        }
        FileStates oldOnNosshd = FileStates.of(AdminHost.tokenFilesOn(nosshd, a, VICTIM));
        victim = victim.withNodes("node1", nosshd.name());
        FileStates.removeBeforeRun(tokenFiles(VICTIM, "victim", "node1"));
        AdminHost.LauncherRun r = runAndCheckBystanders();
        assertVictimFailed(r, "pushTokens", nosshd.hostName());
        List<String> lines = r.stdout().lines().toList();
        int at = lines.indexOf(lines.stream()
                .filter(l -> l.contains("FAILED  " + VICTIM))
                .findFirst()
                .orElseThrow());
        assertTrue(
                at + 1 < lines.size() && lines.get(at + 1).strip().startsWith(nosshd.hostName() + ": "),
                "no per-node line for " + nosshd.hostName() + ":\n" + r.stdout());
        assertFalse(lines.get(at + 1).contains(h.bed.node("node1").hostName()), r.stdout());
        for (Path p : tokenFiles(VICTIM, "victim", "node1")) {
            FileStates.assertLanded(p, sourceToken(VICTIM), "victim on node1");
        }
        oldOnNosshd.assertUnchanged("sshd down");
    }

    @Test
    void theGlobalTimeoutEndsTheRunNearItNotAfterTheSumOfStepTimeouts() {
        // Eight credds that all hang: 8 x 4 s of storer timeouts, while the whole run may take 12 s.
        List<String> slow =
                IntStream.rangeClosed(1, 8).mapToObj(i -> "slow" + i + ".pool").toList();
        h.standIns.definePool("slow.pool", slow.stream().map(StandIns::scheddAd).toList());
        h.standIns.setFailureMode(FailureTarget.service(VICTIM), FailureMode.HANG);
        h.host.handStateToOperator();
        victim = victim.with("condorCollectorHostOverride: slow.pool");
        List<Long> hungBefore = h.standIns.hungProcessIds();
        h.writeConfigWithSettings(experiments(victim), """
                storerConcurrency: 4
                disableNotifications: true
                pingOptions: "-W 1"
                timeouts:
                  globalTimeout: 12s
                  kerberosTimeout: 2s
                  vaultStorerTimeout: 4s
                  pingTimeout: 2s
                  pushTimeout: 4s
                  ferryRequestTimeout: 1s
                  dbTimeout: 1s
                """);
        FileStates.removeBeforeRun(bystanderLandings());
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        AdminHost.LauncherRun r = h.tokenPush();
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);

        assertEquals(3, r.exit(), r.toString());
        assertVictimFailed(r, "storeAndGetTokens", "global timeout (12s) reached");
        assertBystandersSucceeded(r);
        // Launcher start and stop take a second or two (more on a loaded CI machine), killing the storer at the
        // deadline up to two more; without the global deadline the victim's own step timeouts add up to 2 s + 32 s.
        assertTrue(
                wall.compareTo(Duration.ofSeconds(26)) < 0,
                "the run took " + wall.toMillis() + " ms with a" + " global timeout of 12 s\n" + r);
        assertTrue(wall.compareTo(Duration.ofSeconds(12)) >= 0, "the run ended before the global timeout: " + r);
        long storerCalls = h.standIns.callLog("condor_vault_storer").stream()
                .filter(c -> c.argv().contains(VICTIM) && c.at().isAfter(start))
                .count();
        assertTrue(storerCalls < slow.size(), "all " + storerCalls + " credds were tried despite the deadline");
        victimTokens.assertUnchanged("global timeout");
        assertHungProcessesGone(hungBefore);
    }

    @Test
    void aSecondRunIsRefusedWhileOneHoldsTheLock() {
        // The first run is held at its pause, not by a timer, and released at once (within the storer timeout).
        h.writeConfigWithSettings(experiments(victim), SETTINGS);
        h.standIns.pauseAfterBearerCopy(VICTIM);
        CompletableFuture<AdminHost.LauncherRun> first = h.tokenPushInBackground();
        AdminHost.LauncherRun second;
        long holderPid;
        try {
            if (!h.standIns.awaitPaused(VICTIM, Duration.ofSeconds(30))) {
                h.standIns.release(VICTIM);
                fail("the first run never reached the pause: " + TokenPushHarness.await(first, Duration.ofMinutes(1)));
            }
            holderPid = victimStorerCalls().getLast().parentPid();
            Instant secondStarted = Instant.now();
            second = h.tokenPush();
            assertEquals(1, second.exit(), second.toString());
            assertTrue(
                    second.stderr().contains("another token-push is running (pid " + holderPid + " started "),
                    "the refusal does not name the holder's pid " + holderPid + ":\n" + second);
            assertEquals(
                    List.of(),
                    h.standIns.callLog("condor_vault_storer").stream()
                            .filter(c -> c.at().isAfter(secondStarted) && c.parentPid() != holderPid)
                            .toList(),
                    "the refused run called the storer");
        } finally {
            h.standIns.release(VICTIM);
        }
        AdminHost.LauncherRun firstRun = TokenPushHarness.await(first, Duration.ofMinutes(2));
        assertEquals(0, firstRun.exit(), firstRun.toString());
        // The lock goes with its holder: the next run is not refused.
        h.writeConfigWithSettings(experiments(victim), SETTINGS);
        AdminHost.LauncherRun third = h.tokenPush("-s", "fmalpha_prod");
        assertEquals(0, third.exit(), third.toString());
    }

    @Test
    void exitStatusIsOneWhenNoSelectedServiceCanBeResolved() {
        victim = victim.with("condorCollectorHostOverride: down.pool");
        h.writeConfigWithSettings(experiments(victim), SETTINGS);
        AdminHost.LauncherRun r = h.tokenPush("-s", VICTIM);
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("no serviceConfigs to operate on"), r.toString());
        assertTrue(failedLine(r, VICTIM).startsWith("setup: "), r.toString());
        victimTokens.assertUnchanged("nothing resolvable");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private AdminHost.LauncherRun run() {
        h.writeConfigWithSettings(experiments(victim), settings);
        return h.tokenPush();
    }

    private AdminHost.LauncherRun runAndCheckBystanders() {
        FileStates.removeBeforeRun(bystanderLandings());
        AdminHost.LauncherRun r = run();
        assertEquals(3, r.exit(), "one service failed: exit 3\n" + r);
        assertBystandersSucceeded(r);
        return r;
    }

    /** Every bystander is OK and its token landed again on each of its nodes (removed before the run). */
    private static void assertBystandersSucceeded(AdminHost.LauncherRun r) {
        assertTrue(
                r.stdout().contains("4 services, 3 succeeded, 1 failed")
                        || r.stdout().contains("4 services, 4 succeeded, 0 failed"),
                r.toString());
        for (String s : BYSTANDERS) {
            okLine(r, s);
            for (String node : bystanderNodes(s)) {
                for (Path p : tokenFiles(s, accountOf(s), node)) {
                    FileStates.assertLanded(p, sourceToken(s), "bystander " + s + " on " + node + "\n" + r);
                }
            }
        }
    }

    private static List<Path> bystanderLandings() {
        List<Path> files = new ArrayList<>();
        for (String s : BYSTANDERS) {
            bystanderNodes(s).forEach(n -> files.addAll(tokenFiles(s, accountOf(s), n)));
        }
        return files;
    }

    private static String accountOf(String service) {
        return service.substring(2, service.indexOf('_'));
    }

    /** The token token-push pushes for a service: the first credd's in sorted order, or the getToken file. */
    private static Path sourceToken(String service) {
        return service.equals("fmgamma_ana")
                ? h.host.tokenRoot().resolve("vt_u" + h.bed.operator().uid() + "-" + service)
                : storedToken(CREDDS.stream().sorted().findFirst().orElseThrow(), service);
    }

    private static void assertVictimFailed(AdminHost.LauncherRun r, String stage, String... reasonParts) {
        String line = failedLine(r, VICTIM);
        assertTrue(line.startsWith(stage + ": "), "victim failed at the wrong step: " + line + "\n" + r);
        for (String part : reasonParts) {
            assertTrue(
                    line.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)),
                    "the summary line does not say '" + part + "': " + line);
        }
    }

    /** The text after the service name on its FAILED line: {@code <stage>: <reason>}. */
    private static String failedLine(AdminHost.LauncherRun r, String service) {
        Optional<String> line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("  FAILED  " + service + " "))
                .findFirst();
        if (line.isEmpty()) fail(service + " is not reported as failed:\n" + r);
        return line.get().substring(("  FAILED  " + service).length()).strip();
    }

    private static String okLine(AdminHost.LauncherRun r, String service) {
        Optional<String> line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("  OK      " + service + " "))
                .findFirst();
        if (line.isEmpty()) fail(service + " is not reported as OK:\n" + r);
        return line.get();
    }

    private static void assertHungProcessesGone(List<Long> before) {
        List<Long> pids = new ArrayList<>(h.standIns.hungProcessIds());
        pids.removeAll(before);
        assertFalse(pids.isEmpty(), "the hang mode started nothing");
        victimStorerCalls().forEach(c -> pids.add(c.pid()));
        for (long pid : pids) {
            ProcessHandle p = ProcessHandle.of(pid).orElse(null);
            if (p == null) continue;
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                String cmd = p.info().commandLine().orElse("?");
                p.destroyForcibly();
                fail("pid " + pid + " (" + cmd + ") outlived the run that started it");
            } catch (Exception e) {
                fail("cannot wait for pid " + pid + ": " + e);
            }
        }
    }

    private static List<Call> victimStorerCalls() {
        return h.standIns.callLog("condor_vault_storer").stream()
                .filter(c -> c.argv().contains(VICTIM))
                .toList();
    }

    static List<String> allServices() {
        List<String> all = new ArrayList<>(BYSTANDERS);
        all.add(VICTIM);
        return all;
    }

    static List<String> bystanderNodes(String service) {
        return switch (service) {
            case "fmalpha_prod" -> List.of("node1", "node2");
            case "fmbeta_prod" -> List.of("node2");
            default -> List.of("node1");
        };
    }

    static List<Path> tokenFiles(String service, String account, String node) {
        return AdminHost.tokenFilesOn(h.bed.node(node), h.bed.account(account), service);
    }

    /** The victim's tokens of the clean run: stored for each credd, and on node1. */
    static List<Path> victimGoodTokens() {
        List<Path> files = new ArrayList<>();
        CREDDS.forEach(c -> files.add(storedToken(c, VICTIM)));
        files.addAll(tokenFiles(VICTIM, "victim", "node1"));
        return files;
    }

    static List<Path> everyGoodToken() {
        List<Path> files = new ArrayList<>(victimGoodTokens());
        for (String s : List.of("fmalpha_prod", "fmbeta_prod")) {
            CREDDS.forEach(c -> files.add(storedToken(c, s)));
        }
        files.add(h.host.tokenRoot().resolve("vt_u" + h.bed.operator().uid() + "-fmgamma_ana"));
        files.addAll(bystanderLandings());
        return files;
    }

    static Path storedToken(String credd, String service) {
        return h.host.tokenRoot().resolve("vt_u" + h.bed.operator().uid() + "-" + credd + "-" + service);
    }

    static String experiments(Victim v) {
        String node1 = h.bed.node("node1").hostName();
        String node2 = h.bed.node("node2").hostName();
        String victimNodes = v.nodes().stream()
                .map(n -> h.bed.allNodes().stream()
                        .filter(x -> x.name().equals(n))
                        .findFirst()
                        .orElseThrow()
                        .hostName())
                .collect(Collectors.joining(", "));
        return """
                fmalpha:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s, %s]
                fmbeta:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                fmgamma:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                fmvictim:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                %s""".formatted(
                        h.host.user("alpha"),
                        node1,
                        node2,
                        h.host.user("beta"),
                        node2,
                        h.host.user("gamma"),
                        node1,
                        h.host.user(v.account()),
                        victimNodes,
                        v.extraYaml().indent(6));
    }
}
