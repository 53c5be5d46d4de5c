package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
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

/**
 * The race that made the Go service serialise every store (docs/compatibility.md): two storers, same user, one
 * XDG_RUNTIME_DIR. Storer A copies its bearer token to bt_u&lt;uid&gt;, B overwrites it, then A stores and the credd
 * authenticates A as B. The bed's pause makes that interleaving certain; with a private XDG_RUNTIME_DIR per
 * service the same interleaving files every credential under its own identity.
 */
class BearerTokenRaceIT {

    private static StandInBed bed;

    @BeforeAll
    static void up() {
        bed = new StandInBed();
    }

    @AfterAll
    static void down() {
        bed.close();
    }

    /** A stores only after B has run completely between A's bearer-token copy and A's store. */
    private void interleave(Service a, Path xdgA, Service b, Path xdgB) throws Exception {
        bed.standIns.pauseAfterBearerCopy(a.name());
        CompletableFuture<CommandResult> storerA = CompletableFuture.supplyAsync(() -> bed.storer(a, CREDD_1, xdgA));
        assertTrue(bed.standIns.awaitPaused(a.name(), Duration.ofSeconds(30)), "storer A reached the pause");
        CommandResult resultB = bed.storer(b, CREDD_1, xdgB);
        assertEquals(0, resultB.exitCode(), show(resultB));
        assertFalse(storerA.isDone(), "A is still held at the pause while B ran");
        bed.standIns.release(a.name());
        CommandResult resultA = storerA.get(60, TimeUnit.SECONDS);
        assertEquals(0, resultA.exitCode(), show(resultA));
    }

    private StoredCredential credentialOf(Service s) {
        List<StoredCredential> found = bed.standIns.credentials(CREDD_1).stream()
                .filter(c -> c.service().equals(s.name()))
                .toList();
        assertEquals(1, found.size(), "exactly one credential for " + s.name() + ": " + found);
        return found.get(0);
    }

    @Test
    void sharedRuntimeDirFilesACredentialUnderTheWrongIdentity() throws Exception {
        Service a = bed.service("racea", true);
        Service b = bed.service("raceb", true);
        bed.onboard(a);
        bed.onboard(b);
        Path shared = bed.privateDir("xdg-shared");

        interleave(a, shared, b, shared);

        assertEquals(b.credkey(), credentialOf(b).identity());
        assertEquals(
                b.credkey(),
                credentialOf(a).identity(),
                "A's credential was filed under B's identity: the credd authenticated A with B's bearer token");
    }

    @Test
    void privateRuntimeDirsNeverMixIdentities() throws Exception {
        Service a = bed.service("soloa", true);
        Service b = bed.service("solob", true);
        bed.onboard(a);
        bed.onboard(b);

        interleave(a, bed.privateDir("xdg-" + a.issuer()), b, bed.privateDir("xdg-" + b.issuer()));
        assertEquals(a.credkey(), credentialOf(a).identity());
        assertEquals(b.credkey(), credentialOf(b).identity());

        // And with no pause at all, several rounds of both at once.
        for (int round = 0; round < 5; round++) {
            CompletableFuture<CommandResult> ra = CompletableFuture.supplyAsync(
                    () -> bed.storer(a, StandInBed.CREDD_2, bed.privateDir("xdg-" + a.issuer())));
            CompletableFuture<CommandResult> rb = CompletableFuture.supplyAsync(
                    () -> bed.storer(b, StandInBed.CREDD_2, bed.privateDir("xdg-" + b.issuer())));
            assertEquals(0, ra.get(60, TimeUnit.SECONDS).exitCode());
            assertEquals(0, rb.get(60, TimeUnit.SECONDS).exitCode());
        }
        for (StoredCredential c : bed.standIns.credentials(StandInBed.CREDD_2)) {
            String expected = c.service().equals(a.name()) ? a.credkey() : b.credkey();
            assertEquals(expected, c.identity(), c.toString());
        }
    }
}
