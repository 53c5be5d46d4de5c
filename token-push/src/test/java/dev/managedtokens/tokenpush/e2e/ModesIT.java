package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.DeviceCode;
import dev.managedtokens.testbed.standins.StoredCredential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run modes other than the hourly run, each on its own service of one bed: onboarding a service Vault has
 * never seen ({@code -r -s}, then {@code -r -s -p}), test mode ({@code -t}), the refusal to run as root, and the dry
 * run against the bed's collector.
 */
class ModesIT {

    static final List<String> CREDDS = List.of("credd2.pool", "credd1.pool");

    static TokenPushHarness h;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(2, "onb", "onp", "tst", "lat", "cce"));
        h.host.definePool(CREDDS.toArray(String[]::new));
        h.host.onboard("tstexp", "prod", "tst");
        h.seedUids("onb", "onp", "tst", "lat", "cce");
        h.host.handStateToOperator();
        String node1 = h.bed.node("node1").hostName();
        String node2 = h.bed.node("node2").hostName();
        h.writeConfigWithSettings(
                """
                onbexp:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                onpexp:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                tstexp:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s, %s]
                latexp:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                ccexp:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(
                                h.host.user("onb"),
                                node1,
                                h.host.user("onp"),
                                node2,
                                h.host.user("tst"),
                                node1,
                                node2,
                                h.host.user("lat"),
                                node1,
                                h.host.user("cce"),
                                node1),
                // The shipped timeouts: onboarding must work with them as they are.
                """
                storerConcurrency: 2
                disableNotifications: true
                """);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    // ------------------------------------------------------------------------------------------------ onboarding

    @Test
    void onboardingCompletesWhenTheDeviceCodeIsApprovedAndTheNextRunNeedsNobody() throws Exception {
        String credkey = h.host.credkey("onb");
        assertFalse(h.standIns.isOnboarded("onbexp", "prod", credkey), "precondition: onbexp_prod is new to Vault");

        Onboarding o = onboard("onbexp_prod");

        assertEquals(0, o.run().exit(), o.run().toString());
        assertEquals(
                List.of("onbexp", "prod", credkey),
                List.of(o.code().issuer(), o.code().role(), o.code().credkey()));
        assertTrue(
                o.run().stdout().contains("[onboarding: nothing pinged or pushed]"),
                o.run().toString());
        assertTrue(h.standIns.isOnboarded("onbexp", "prod", credkey), "Vault holds no refresh token after onboarding");
        assertCredentialsInEveryCredd("onbexp_prod", "onb");
        assertNoTokenOnAnyNode("onb");
        assertEquals(List.of(), h.standIns.pendingDeviceCodes(), "a second device-code flow was started");

        // No terminal now: a run that needed a person would fail instead of prompting.
        AdminHost.LauncherRun next = h.tokenPush("-s", "onbexp_prod");
        assertEquals(0, next.exit(), next.toString());
        assertTokenOn("onb", "onbexp_prod", h.bed.node("node1"));
        assertEquals(List.of(), h.standIns.pendingDeviceCodes());
    }

    @Test
    void onboardingWithPushGoesOnToPushTheNewToken() throws Exception {
        Onboarding o = onboard("onpexp_prod", "-p");

        assertEquals(0, o.run().exit(), o.run().toString());
        assertTrue(
                o.run().stdout().contains("1 service, 1 succeeded, 0 failed"),
                o.run().toString());
        assertFalse(
                o.run().stdout().contains("nothing pinged or pushed"), o.run().toString());
        assertCredentialsInEveryCredd("onpexp_prod", "onp");
        assertTokenOn("onp", "onpexp_prod", h.bed.node("node2"));
    }

    @Test
    void onboardingWaitsForAnApprovalThatComesAfterSeventySecondsWithTheShippedTimeouts() throws Exception {
        // The hourly vaultStorerTimeout (60 s by default) must not bound onboarding: htgettoken's own device flow
        // polls for up to 120 s while the operator is in the browser.
        String credkey = h.host.credkey("lat");
        CompletableFuture<AdminHost.LauncherRun> background =
                h.tokenPushOnTerminalInBackground("-r", "-s", "latexp_prod");
        List<DeviceCode> codes = List.of(awaitDeviceCodeFor("latexp", background));
        long shown = System.nanoTime();
        Duration late = Duration.ofSeconds(70);
        try {
            // The operator takes 70 s in the browser: the run must still be waiting when they approve.
            AdminHost.LauncherRun ended = background.get(late.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            fail("onboarding ended "
                    + Duration.ofNanos(System.nanoTime() - shown).toSeconds()
                    + " s after showing the code, before the operator approved it: " + ended);
        } catch (java.util.concurrent.TimeoutException stillWaiting) {
            // as it should
        }
        assertTrue(h.standIns.pendingDeviceCodes().contains(codes.get(0)), "the device code was no longer pending");
        h.standIns.approve(codes.get(0));
        AdminHost.LauncherRun run = TokenPushHarness.await(background, Duration.ofMinutes(3));
        assertEquals(0, run.exit(), run.toString());
        assertTrue(h.standIns.isOnboarded("latexp", "prod", credkey));
        assertCredentialsInEveryCredd("latexp_prod", "lat");
        assertTrue(
                run.stdout()
                        .contains("When prompted, enter code " + codes.get(0).userCode()),
                run.toString());
    }

    /**
     * Ctrl-C at the terminal signals the whole foreground process group (token-push, the storer, htgettoken);
     * {@code kill <pid>} or a service manager signals token-push alone, and then token-push must stop its children
     * itself. Either way the run ends, its programs are gone and what it moved aside is back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ctrl-c", "sigterm-to-token-push"})
    void interruptingOnboardingEndsTheRunAndPutsBackWhatItMoved(String how) throws Exception {
        // The operator's own token at the condor location: the storer call moves it aside and must put it back.
        Path condorLocation = Path.of("/tmp/vt_u" + h.bed.operator().uid() + "-ccexp_prod");
        Files.writeString(condorLocation, "operator's own\n");
        h.host.chownToOperator(condorLocation);
        try {
            Instant start = Instant.now();
            List<Path> backupsBefore = operatorsBackups();
            CompletableFuture<AdminHost.LauncherRun> background =
                    h.tokenPushOnTerminalInBackground("-r", "-s", "ccexp_prod");
            awaitDeviceCodeFor("ccexp", background);
            List<Long> pids = h.standIns.callLog().stream()
                    .filter(c -> c.at().isAfter(start))
                    .map(c -> c.pid())
                    .toList();
            long htgettoken = h.standIns.callLog("htgettoken").stream()
                    .filter(c -> c.at().isAfter(start))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .pid();

            // The terminal's Ctrl-C is SIGINT to its foreground process group, whose leader is token-push's JVM.
            long group = foregroundGroupOf(htgettoken);
            List<String> kill = how.equals("ctrl-c")
                    ? List.of("kill", "-INT", "--", "-" + group)
                    : List.of("kill", "-TERM", String.valueOf(group));
            assertEquals(0, new ProcessBuilder(kill).inheritIO().start().waitFor(), String.join(" ", kill));

            AdminHost.LauncherRun run = TokenPushHarness.await(background, Duration.ofSeconds(60));
            assertNotEquals(0, run.exit(), run.toString());
            assertEquals(
                    "operator's own\n",
                    Files.readString(condorLocation),
                    "the token moved aside for the storer call was not put back: " + run);
            assertFalse(h.standIns.isOnboarded("ccexp", "prod", h.host.credkey("cce")));
            for (long pid : pids) {
                ProcessHandle p = ProcessHandle.of(pid).orElse(null);
                if (p == null) continue;
                String what = p.info().commandLine().orElse("?");
                p.onExit().completeOnTimeout(p, 10, TimeUnit.SECONDS).get();
                assertFalse(p.isAlive(), "pid " + pid + " (" + what + ") outlived the interrupted run");
            }
            List<Path> leftovers = new ArrayList<>(operatorsBackups());
            leftovers.removeAll(backupsBefore);
            assertEquals(List.of(), leftovers, "backups left behind");
        } finally {
            Files.deleteIfExists(condorLocation);
            // A killed htgettoken cannot tidy up after itself in the bed's Vault: forget its unfinished flow.
            h.standIns.forgetPendingDeviceCodes();
        }
    }

    /** The device-code flow the onboarding of {@code issuer} started; fails if the run ends or none comes. */
    private static DeviceCode awaitDeviceCodeFor(String issuer, CompletableFuture<AdminHost.LauncherRun> run)
            throws InterruptedException {
        java.util.function.Supplier<List<DeviceCode>> mine = () -> h.standIns.pendingDeviceCodes().stream()
                .filter(c -> c.issuer().equals(issuer))
                .toList();
        Await.until(
                "a device code for " + issuer + " is shown or onboarding ends",
                Duration.ofSeconds(60),
                () -> !mine.get().isEmpty() || run.isDone());
        List<DeviceCode> codes = mine.get();
        if (codes.isEmpty()) {
            fail("onboarding never showed a device code: " + TokenPushHarness.await(run, Duration.ofMinutes(2)));
        }
        assertEquals(1, codes.size(), "two device-code flows for " + issuer + ": " + codes);
        return codes.get(0);
    }

    /** The process group the terminal signals: the session {@code script} started for the command. */
    private static long foregroundGroupOf(long descendant) {
        ProcessHandle p =
                ProcessHandle.of(descendant).orElseThrow(() -> new AssertionError("pid " + descendant + " is gone"));
        while (true) {
            ProcessHandle parent = p.parent().orElseThrow(() -> new AssertionError("no script above " + descendant));
            if (parent.info().command().orElse("").endsWith("/script")) return p.pid();
            p = parent;
        }
    }

    /** The storer calls' backups of what was at the condor location ({@code /tmp/managed_tokens_condor_vault_token*}). */
    private static List<Path> operatorsBackups() throws java.io.IOException {
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            return tmp.filter(f -> f.getFileName().toString().startsWith("managed_tokens_condor_vault_token"))
                    .filter(ModesIT::ownedByOperator)
                    .toList();
        }
    }

    private static boolean ownedByOperator(Path f) {
        try {
            return ((Number) Files.getAttribute(f, "unix:uid")).intValue()
                    == h.bed.operator().uid();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private record Onboarding(AdminHost.LauncherRun run, DeviceCode code) {}

    /**
     * Runs {@code -r -s service} in the background as an operator at a terminal would, approves the device code
     * the storer's htgettoken shows, and checks the prompt reached the operator's terminal.
     */
    private static Onboarding onboard(String service, String... more) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("-r", "-s", service));
        args.addAll(List.of(more));
        CompletableFuture<AdminHost.LauncherRun> background =
                h.tokenPushOnTerminalInBackground(args.toArray(String[]::new));
        DeviceCode code = awaitDeviceCodeFor(service.substring(0, service.indexOf('_')), background);
        h.standIns.approve(code);
        AdminHost.LauncherRun run = TokenPushHarness.await(background, Duration.ofMinutes(2));
        assertTrue(
                (run.stdout() + run.stderr()).contains("When prompted, enter code " + code.userCode()),
                "the device-code prompt did not reach the operator: " + run);
        return new Onboarding(run, code);
    }

    // ------------------------------------------------------------------------------------------------ test mode

    @Test
    void testModeStoresInEveryCreddButPushesNothing() {
        for (String credd : CREDDS) {
            assertTrue(
                    h.standIns.credentials(credd).stream()
                            .noneMatch(c -> c.service().equals("tstexp_prod")),
                    "precondition: tstexp_prod not stored in " + credd);
        }
        AdminHost.LauncherRun r = h.tokenPush("-t", "-s", "tstexp_prod");

        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("[test mode: nothing pinged or pushed]"), r.toString());
        assertCredentialsInEveryCredd("tstexp_prod", "tst");
        for (String credd : CREDDS) {
            assertTrue(Files.isRegularFile(storedToken(credd, "tstexp_prod")), "no token kept for " + credd);
        }
        assertNoTokenOnAnyNode("tst");
    }

    // ------------------------------------------------------------------------------------------------ root

    @Test
    void rootIsRefusedARunButMayValidateTheConfiguration() {
        Instant start = Instant.now();
        AdminHost.LauncherRun r = h.tokenPushAsRoot();
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains(RootGuard.MESSAGE), r.toString());
        assertTrue(
                h.standIns.callLog().stream().noneMatch(c -> c.at().isAfter(start)),
                () -> "the refused root run called a stand-in: " + h.standIns.callLog());

        AdminHost.LauncherRun validate = h.tokenPushAsRoot("--validate-config");
        assertEquals(0, validate.exit(), validate.toString());
        assertTrue(validate.stdout().contains(": valid: 5 service(s)"), validate.toString());
    }

    // ------------------------------------------------------------------------------------------------ dry run

    @Test
    void dryRunListsTheSchedsTheCollectorReturnsAndRunsNothing() throws Exception {
        Instant start = Instant.now();
        AdminHost.LauncherRun r = h.tokenPush("--dry-run");

        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                5,
                r.stdout()
                        .lines()
                        .filter(l -> l.matches("  credds: +credd2\\.pool, credd1\\.pool"))
                        .count(),
                "each service's credds, in the collector's order:\n" + r.stdout());
        assertTrue(r.stdout().contains("condor_vault_storer -- tstexp_prod"), r.stdout());
        assertTrue(r.stdout().contains("dry run: 5 service(s), 5 ready, 0 cannot run; nothing was run"), r.stdout());
        assertTrue(
                h.standIns.callLog().stream()
                        .filter(c -> c.at().isAfter(start))
                        .allMatch(c -> c.tool().equals("condor_status")),
                () -> "the dry run ran more than the collector query: " + h.standIns.callLog());
        assertTrue(
                h.standIns.callLog("condor_status").stream()
                        .anyMatch(c -> c.at().isAfter(start)
                                && c.argv().containsAll(List.of("-pool", TokenPushHarness.COLLECTOR))),
                "no collector query");

        AdminHost.LauncherRun json = h.tokenPush("--dry-run", "--json");
        assertEquals(0, json.exit(), json.toString());
        JsonNode services = new ObjectMapper().readTree(json.stdout()).get("services");
        assertEquals(5, services.size(), json.stdout());
        for (JsonNode s : services) {
            assertEquals(TokenPushHarness.COLLECTOR, s.get("collector").asText(), s.toString());
            assertEquals(CREDDS, new ObjectMapper().convertValue(s.get("credds"), List.class), s.toString());
            ServiceAccount a = h.bed.account(s.get("service").asText().substring(0, 3));
            assertEquals(a.uid(), s.get("uid").asInt(), s.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertCredentialsInEveryCredd(String service, String account) {
        for (String credd : CREDDS) {
            List<StoredCredential> mine = h.standIns.credentials(credd).stream()
                    .filter(c -> c.service().equals(service))
                    .toList();
            assertEquals(1, mine.size(), service + " in " + credd + ": " + h.standIns.credentials(credd));
            assertEquals(h.host.credkey(account), mine.get(0).identity(), "identity of " + service + " in " + credd);
        }
    }

    private static void assertTokenOn(String account, String service, SubmitNode node) {
        for (Path p : AdminHost.tokenFilesOn(node, h.bed.account(account), service)) {
            assertTrue(Files.isRegularFile(p), p + " missing on " + node.name());
        }
    }

    private static void assertNoTokenOnAnyNode(String account) {
        ServiceAccount a = h.bed.account(account);
        for (SubmitNode node : h.bed.nodes()) {
            Path p = node.tmpDir().resolve("vt_u" + a.uid());
            assertFalse(Files.exists(p), p + " was pushed although this mode pushes nothing");
        }
    }

    private static Path storedToken(String credd, String service) {
        return h.host.tokenRoot().resolve("vt_u" + h.bed.operator().uid() + "-" + credd + "-" + service);
    }
}
