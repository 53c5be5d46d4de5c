package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
import static dev.managedtokens.testbed.standins.StandInBed.CREDD_2;
import static dev.managedtokens.testbed.standins.StandInBed.VAULT;
import static dev.managedtokens.testbed.standins.StandInBed.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.standins.StandInBed.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A never-onboarded service needs authentication; the device-code flow, once approved, onboards it. */
class OnboardingIT {

    private static StandInBed bed;

    @BeforeAll
    static void up() {
        bed = new StandInBed();
    }

    @AfterAll
    static void down() {
        bed.close();
    }

    @Test
    void neverOnboardedServiceNeedsAuthenticationThenApprovalOnboardsIt() throws Exception {
        Service s = bed.service("fresh", true);
        Path xdg = bed.privateDir("xdg-onboard");

        // Non-interactive (no terminal, as under cron): fails at once with the text token-push looks for.
        CommandResult r = bed.storer(s, CREDD_1, xdg);
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("Authentication needed for " + s.name()), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: htgettoken failed"), show(r));
        assertFalse(r.stderr().contains("Complete the authentication at:"), "no prompt without a terminal");
        assertFalse(bed.standIns.isOnboarded(s.issuer(), s.role(), s.credkey()));

        // On a terminal: the device-code prompt, then the bed's approval completes onboarding and the store.
        CompletableFuture<CommandResult> storer =
                CompletableFuture.supplyAsync(() -> bed.storerOnTerminal(s, CREDD_1, xdg));
        List<DeviceCode> pending = bed.standIns.awaitPendingDeviceCodes(Duration.ofSeconds(30));
        assertEquals(1, pending.size());
        DeviceCode code = pending.get(0);
        assertEquals(s.issuer(), code.issuer());
        assertEquals(s.role(), code.role());
        assertEquals(s.credkey(), code.credkey());
        assertFalse(storer.isDone(), "htgettoken waits for the approval");
        assertEquals(pending, bed.standIns.approvePendingDeviceCodes());

        CommandResult onboarding = storer.get(30, TimeUnit.SECONDS);
        assertEquals(0, onboarding.exitCode(), show(onboarding));
        String terminal = onboarding.stdout();
        assertTrue(terminal.contains("Authentication needed for " + s.name()), show(onboarding));
        assertTrue(terminal.contains("Complete the authentication at:"), show(onboarding));
        assertTrue(terminal.contains("When prompted, enter code " + code.userCode()), show(onboarding));
        assertTrue(terminal.contains("Storing condor credentials for " + s.name()), show(onboarding));
        assertTrue(bed.standIns.isOnboarded(s.issuer(), s.role(), s.credkey()));
        assertTrue(bed.standIns.credentials(CREDD_1).stream()
                .anyMatch(c -> c.service().equals(s.name()) && c.identity().equals(s.credkey())));

        // From now on no interaction: another credd is filled by Kerberos alone.
        CommandResult next = bed.storer(s, CREDD_2, xdg);
        assertEquals(0, next.exitCode(), show(next));
        assertTrue(bed.standIns.pendingDeviceCodes().isEmpty());
    }

    @Test
    void unapprovedDeviceCodeTimesOutWithHtgettokensMessage() {
        Service s = bed.service("unapproved", true);
        bed.standIns.setDeviceCodeTimeout(Duration.ofMillis(500));
        try {
            CommandResult r = bed.run(
                    StandInBed.onTerminal(List.of(
                            "htgettoken",
                            "-a",
                            VAULT,
                            "-i",
                            s.issuer(),
                            "-r",
                            s.role(),
                            "--credkey=" + s.credkey(),
                            "--vaulttokenfile",
                            bed.dir.resolve("vt-unapproved").toString(),
                            "-o",
                            bed.dir.resolve("bt-unapproved").toString())),
                    bed.storerEnv(s, CREDD_1, null),
                    Duration.ofSeconds(30));
            assertEquals(1, r.exitCode(), show(r));
            assertTrue(r.stdout().contains("Complete the authentication at:"), show(r));
            assertTrue(r.stdout().contains("htgettoken: Polling for response took longer than 2 minutes"), show(r));
        } finally {
            bed.standIns.setDeviceCodeTimeout(Duration.ofSeconds(120));
        }
    }

    @Test
    void withoutATerminalThereIsNoDeviceFlowAndNoPolling() {
        // htgettoken switches OIDC off when none of stdin, stdout, stderr is a terminal: no prompt, no wait.
        Service s = bed.service("background", true);
        long start = System.nanoTime();
        CommandResult r = bed.run(
                List.of(
                        "htgettoken",
                        "-v",
                        "-a",
                        VAULT,
                        "-i",
                        s.issuer(),
                        "-r",
                        s.role(),
                        "--credkey=" + s.credkey(),
                        "--vaulttokenfile",
                        bed.dir.resolve("vt-background").toString(),
                        "-o",
                        bed.dir.resolve("bt-background").toString()),
                bed.storerEnv(s, CREDD_1, null),
                Duration.ofSeconds(30));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stdout().contains("Disabling oidc because running in the background"), show(r));
        assertTrue(r.stderr().contains("htgettoken: Failure getting token from https://" + VAULT + ":8200"), show(r));
        assertFalse(r.combinedOutput().contains("Complete the authentication at:"), show(r));
        assertTrue(bed.standIns.pendingDeviceCodes().isEmpty());
        assertTrue(
                Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0,
                "no polling without a terminal");
    }
}
