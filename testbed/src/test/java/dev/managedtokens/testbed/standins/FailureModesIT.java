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

    // The patterns upstream token-push matches in the storer's combined output (external-tools.md §1.1).
    private static final Pattern AUTH_NEEDED = Pattern.compile("Authentication needed for.*");
    private static final Pattern POLLING_TIMEOUT = Pattern.compile("htgettoken: Polling for response took longer than.*");
    private static final Pattern FORBIDDEN = Pattern.compile("htgettoken:.*403.*permission denied");

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
    void htgettokenTimeout() {
        Service s = onboarded("timeout");
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.HTGETTOKEN_TIMEOUT);
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-to"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(AUTH_NEEDED.matcher(r.combinedOutput()).find(), show(r));
        assertTrue(r.stderr().contains("htgettoken: Polling for response took longer than 2 minutes"), show(r));
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
        assertTrue(r.stderr().contains("condor_vault_storer: Credentials exist that do not match the request.\n"
                + "They can be removed by\n  condor_store_cred delete-oauth -s " + s.name()
                + "\nbut make sure no other job is using them."), show(r));
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
        CommandResult r = bed.runner.run(Command.of(List.of("condor_vault_storer", s.name()),
                bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-hang")), Duration.ofSeconds(3)));
        assertEquals(Termination.TIMED_OUT, r.termination(), show(r));

        List<Long> pids = new ArrayList<>(bed.standIns.hungProcessIds());
        assertEquals(3, pids.size(), "htgettoken and its two sleepers: " + pids);
        bed.standIns.callLog().subList(callsBefore, bed.standIns.callLog().size()).forEach(c -> pids.add(c.pid()));
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
    void unknownCreddFailsLikeAnUnreachableDaemon() {
        Service s = onboarded("nocredd");
        CommandResult r = bed.storer(s, "schedd9.testbed", bed.privateDir("xdg-nc"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("Querying condor credentials failed"), show(r));
        assertEquals(0, bed.standIns.mintedVaultTokens(s.issuer(), s.role()), "nothing was fetched from Vault");
    }

    @Test
    void directHtgettokenCrashAndUsageErrors() {
        Service s = onboarded("direct");
        List<String> base = List.of("htgettoken", "-i", s.issuer(), "-r", s.role(), "-o", bed.dir.resolve("bt-d").toString());
        CommandResult noServer = bed.run(base, bed.storerEnv(s, CREDD_1, null), Duration.ofSeconds(20));
        assertEquals(2, noServer.exitCode(), show(noServer));
        assertTrue(noServer.stderr().startsWith("htgettoken: Missing required parameters: ['--vaultserver']\n\nUsage:"),
                show(noServer));

        List<String> withServer = new ArrayList<>(base);
        withServer.addAll(List.of("-a", VAULT));
        bed.standIns.setFailureMode(FailureTarget.service(s.name()), FailureMode.CRASH);
        CommandResult crash = bed.run(withServer, bed.storerEnv(s, CREDD_1, null), Duration.ofSeconds(20));
        assertEquals(134, crash.exitCode(), show(crash));
    }
}
