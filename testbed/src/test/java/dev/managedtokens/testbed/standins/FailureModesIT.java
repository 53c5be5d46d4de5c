package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
import static dev.managedtokens.testbed.standins.StandInBed.CREDD_2;
import static dev.managedtokens.testbed.standins.StandInBed.VAULT;
import static dev.managedtokens.testbed.standins.StandInBed.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.Termination;
import dev.managedtokens.testbed.standins.StandInBed.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each failure mode gives the real programs' text and exit code, for a service or for a credd. */
class FailureModesIT {

    // What the real programs print: the storer's notice, htgettoken's poll timeout, and a Vault refusal in
    // htgettoken 2.x wording (the reason phrase, no status code).
    private static final Pattern AUTH_NEEDED = Pattern.compile("Authentication needed for.*");
    private static final Pattern POLLING_TIMEOUT =
            Pattern.compile("htgettoken: Polling for response took longer than.*");
    private static final Pattern FORBIDDEN = Pattern.compile("htgettoken:.*HTTPError: Forbidden: permission denied");

    private static StandInBed bed;

    @BeforeAll
    static void up() {
        bed = new StandInBed();
    }

    @AfterAll
    static void down() {
        bed.close();
    }

    @AfterEach
    void clear() {
        bed.standIns.clearFailureModes();
    }

    private Service onboarded(String prefix) {
        Service s = bed.service(prefix, true);
        bed.onboard(s);
        return s;
    }

    @Test
    void authNeeded() {
        Service s = onboarded("authneeded");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.AUTH_NEEDED);
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-an"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(AUTH_NEEDED.matcher(r.combinedOutput()).find(), show(r));
        assertFalse(POLLING_TIMEOUT.matcher(r.combinedOutput()).find(), show(r));
        assertFalse(FORBIDDEN.matcher(r.combinedOutput()).find(), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: htgettoken failed"), show(r));
    }

    @Test
    void htgettokenTimeoutOnlyWhereThereIsADeviceFlow() {
        Service s = onboarded("timeout");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.HTGETTOKEN_TIMEOUT);
        // On a terminal: the device flow starts and runs out of time.
        CommandResult r = bed.storerOnTerminal(s, CREDD_1, bed.privateDir("xdg-to"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(AUTH_NEEDED.matcher(r.stdout()).find(), show(r));
        assertTrue(r.stdout().contains("htgettoken: Polling for response took longer than 2 minutes"), show(r));
        // In the background there is no device flow, so nothing can time out: htgettoken just fails.
        CommandResult background = bed.storer(s, CREDD_1, bed.privateDir("xdg-to"));
        assertEquals(1, background.exitCode(), show(background));
        assertFalse(POLLING_TIMEOUT.matcher(background.combinedOutput()).find(), show(background));
        assertTrue(background.stderr().contains("htgettoken: Failure getting token from"), show(background));
    }

    @Test
    void permissionDenied() {
        Service s = onboarded("denied");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.PERMISSION_DENIED);
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-pd"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(AUTH_NEEDED.matcher(r.combinedOutput()).find(), show(r));
        assertTrue(FORBIDDEN.matcher(r.combinedOutput()).find(), show(r));
    }

    @Test
    void mismatchPerCreddOnlyHitsThatCredd() {
        Service s = onboarded("mismatch");
        bed.standIns.setFailureMode(FailureTarget.credd(CREDD_2), FailureMode.MISMATCH);
        CommandResult r = bed.storer(s, CREDD_2, bed.privateDir("xdg-mm"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(
                r.stderr()
                        .contains("condor_vault_storer: Credentials exist that do not match the request.\n"
                                + "They can be removed by\n  condor_store_cred delete-oauth -s " + s.name()
                                + "\nbut make sure no other job is using them."),
                show(r));
        assertEquals(0, bed.storer(s, CREDD_1, bed.privateDir("xdg-mm")).exitCode(), "the other credd is fine");
    }

    @Test
    void crashIsKilledBySignal() {
        Service s = onboarded("crash");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.CRASH);
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-cr"));
        assertEquals(Termination.EXITED, r.termination(), show(r));
        assertEquals(134, r.exitCode(), show(r));
    }

    @Test
    void hangIsKilledAsAWholeTreeByTheRunnersTimeout() throws Exception {
        Service s = onboarded("hang");
        bed.standIns.setFailureMode(FailureTarget.credd(CREDD_1), FailureMode.HANG);
        int callsBefore = bed.standIns.callLog().size();
        CommandResult r = bed.runner.run(Command.of(
                List.of("condor_vault_storer", s.name()),
                bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-hang")),
                Duration.ofSeconds(3)));
        assertEquals(Termination.TIMED_OUT, r.termination(), show(r));

        List<Long> pids = new ArrayList<>(bed.standIns.hungProcessIds());
        assertEquals(3, pids.size(), "htgettoken and its two sleepers: " + pids);
        bed.standIns
                .callLog()
                .subList(callsBefore, bed.standIns.callLog().size())
                .forEach(c -> pids.add(c.pid()));
        for (long pid : pids) {
            ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            if (h == null) continue;
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                h.destroyForcibly();
                fail("pid " + pid + " (" + h.info().commandLine().orElse("?") + ") outlived the storer's timeout");
            }
        }
    }

    @Test
    void clearedModesNoLongerApply() {
        Service s = onboarded("cleared");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.AUTH_NEEDED);
        bed.standIns.clearFailureModes();
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-cl"));
        assertEquals(0, r.exitCode(), show(r));
    }

    @Test
    void unreachableCreddIsReadAsNothingStoredAndFailsOnlyAtTheStore() {
        // condor_store_cred exits 1 for a credd it cannot reach, as for "no credential stored"; the real storer
        // then removes the staged vault token, gets and exchanges a new one, and fails in add-oauth.
        Service s = onboarded("nocredd");
        int callsBefore = bed.standIns.callLog().size();
        CommandResult query = bed.run(
                List.of("condor_store_cred", "query-oauth", "-s", s.name()),
                bed.storerEnv(s, "schedd9.testbed", null),
                Duration.ofSeconds(20));
        assertEquals(1, query.exitCode(), show(query));
        assertTrue(
                query.stdout()
                        .contains("Operation failed.\n    Make sure your ALLOW_WRITE setting includes this host."),
                show(query));

        CommandResult r = bed.storer(s, "schedd9.testbed", bed.privateDir("xdg-nc"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(
                r.stderr().contains("condor_vault_storer: Failed to store condor credentials for " + s.name()),
                show(r));
        assertFalse(r.combinedOutput().contains("Querying condor credentials failed"), show(r));
        assertTrue(bed.standIns.mintedVaultTokens(s.issuer(), s.role()) >= 2, "a new token was minted and exchanged");
        List<String> sequence = bed
                .standIns
                .callLog()
                .subList(callsBefore + 1, bed.standIns.callLog().size())
                .stream()
                .map(c -> c.tool() + (c.argv().isEmpty() ? "" : " " + c.argv().get(0)))
                .toList();
        assertEquals(
                List.of(
                        "condor_vault_storer " + s.name(),
                        "condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS",
                        "condor_store_cred query-oauth",
                        "htgettoken --vaulttokenttl=28d",
                        "htgettoken -a",
                        "condor_store_cred add-oauth"),
                sequence);
    }

    @Test
    void directHtgettokenCrashAndUsageErrors() {
        Service s = onboarded("direct");
        List<String> base = List.of(
                "htgettoken",
                "-i",
                s.issuer(),
                "-r",
                s.role(),
                "-o",
                bed.dir.resolve("bt-d").toString());
        CommandResult noServer = bed.run(base, bed.storerEnv(s, CREDD_1, null), Duration.ofSeconds(20));
        assertEquals(2, noServer.exitCode(), show(noServer));
        assertTrue(
                noServer.stderr().startsWith("htgettoken: Missing required parameters: ['--vaultserver']\n\nUsage:"),
                show(noServer));

        List<String> withServer = new ArrayList<>(base);
        withServer.addAll(List.of("-a", VAULT));
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.CRASH);
        CommandResult crash = bed.run(withServer, bed.storerEnv(s, CREDD_1, null), Duration.ofSeconds(20));
        assertEquals(134, crash.exitCode(), show(crash));
    }
}
