package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
import static dev.managedtokens.testbed.standins.StandInBed.CREDD_2;
import static dev.managedtokens.testbed.standins.StandInBed.UID;
import static dev.managedtokens.testbed.standins.StandInBed.VAULT;
import static dev.managedtokens.testbed.standins.StandInBed.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.standins.StandInBed.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** condor_vault_storer against a real KDC: strict about tickets, files credentials, reuses vault tokens. */
class VaultStorerIT {

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
    void htgettokenFailsWithoutAValidTicket() {
        Service s = bed.service("noticket", false);
        bed.onboard(s);
        Map<String, String> env = bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-noticket-h"));
        CommandResult r = bed.run(
                List.of(
                        "htgettoken",
                        "-a",
                        VAULT,
                        "-i",
                        s.issuer(),
                        "-r",
                        s.role(),
                        "--vaulttokenfile",
                        bed.dir.resolve("vt-noticket").toString(),
                        "-o",
                        bed.dir.resolve("bt-noticket").toString()),
                env,
                Duration.ofSeconds(20));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("htgettoken: Failure getting token from https://" + VAULT + ":8200"), show(r));
        assertTrue(r.stdout().contains("Attempting kerberos auth with https://" + VAULT + ":8200 ... failed"), show(r));
        assertFalse(Files.exists(bed.dir.resolve("bt-noticket")));
        assertEquals(0, bed.standIns.mintedVaultTokens(s.issuer(), s.role()));
    }

    @Test
    void storerFailsWithoutATicketAndStoresNothing() {
        Service s = bed.service("noticket", false);
        bed.onboard(s);
        CommandResult r = bed.storer(s, CREDD_1, bed.privateDir("xdg-noticket-s"));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: "), show(r));
        assertTrue(bed.standIns.credentials(CREDD_1).stream()
                .noneMatch(c -> c.service().equals(s.name())));
        assertFalse(Files.exists(Path.of("/tmp/vt_u" + UID + "-" + s.name())));
    }

    @Test
    void storerWithAStaleBearerTokenButNoTicketNeedsAuthentication() throws IOException {
        // A bearer token left by an earlier run lets the credd query pass; getting a new one still needs Kerberos.
        Service s = bed.service("stale", true);
        bed.onboard(s);
        Path xdg = bed.privateDir("xdg-stale");
        assertEquals(0, bed.storer(s, CREDD_1, xdg).exitCode());
        Files.delete(Path.of("/tmp/vt_u" + UID + "-" + s.name()));
        Files.delete(s.ccache());
        CommandResult r = bed.storer(s, CREDD_2, xdg);
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("Authentication needed for " + s.name()), show(r));
        assertTrue(r.stderr().contains("htgettoken: Failure getting token from https://" + VAULT + ":8200"), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: htgettoken failed"), show(r));
        assertTrue(bed.standIns.credentials(CREDD_2).stream()
                .noneMatch(c -> c.service().equals(s.name())));
    }

    @Test
    void storerFilesTheCredentialUnderTheServicesIdentityAndLeavesTheVaultToken() throws IOException {
        Service s = bed.service("dune", true);
        bed.onboard(s);
        Path xdg = bed.privateDir("xdg-store");
        CommandResult r = bed.storer(s, CREDD_2, xdg);
        assertEquals(0, r.exitCode(), show(r));

        List<StoredCredential> creds = bed.standIns.credentials(CREDD_2).stream()
                .filter(c -> c.service().equals(s.name()))
                .toList();
        assertEquals(1, creds.size(), creds.toString());
        StoredCredential cred = creds.get(0);
        assertEquals(s.credkey(), cred.identity());
        assertEquals(
                "https://" + VAULT + ":8200/v1/secret/oauth/creds/" + s.issuer() + "/" + s.credkey() + ":" + s.role(),
                cred.vaultUrl());
        assertTrue(cred.vaultToken().startsWith("hvs."), "stored a vault token");
        assertTrue(
                bed.standIns.credentials(CREDD_1).stream()
                        .noneMatch(c -> c.service().equals(s.name())),
                "only the credd named by _condor_CREDD_HOST holds it");

        Path vt = Path.of("/tmp/vt_u" + UID + "-" + s.name());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vt)));
        String shortLived = Files.readString(vt).strip();
        assertTrue(shortLived.startsWith("hvs."));
        assertNotEquals(cred.vaultToken(), shortLived, "the file holds the exchanged short-lived token");
        VaultToken stored = bed.standIns.vaultTokens().stream()
                .filter(t -> t.token().equals(cred.vaultToken()))
                .findFirst()
                .orElseThrow();
        VaultToken exchanged = bed.standIns.vaultTokens().stream()
                .filter(t -> t.token().equals(shortLived))
                .findFirst()
                .orElseThrow();
        assertEquals("exchange", exchanged.kind());
        assertTrue(stored.expiry().isAfter(exchanged.expiry()), "28d token outlives the 7d one");
        assertEquals(shortLived, Files.readString(Path.of("/tmp/vt_u" + UID)).strip(), "copied to /tmp/vt_u<uid>");

        // The bearer token: copied to bt_u<uid> under XDG_RUNTIME_DIR, signed, with the service's identity and groups.
        String bearer = Files.readString(xdg.resolve("bt_u" + UID)).strip();
        assertEquals(
                bearer,
                Files.readString(xdg.resolve("bt_u" + UID + "-" + s.name())).strip());
        BearerToken token = bed.standIns.verifyBearerToken(bearer);
        assertEquals(s.credkey(), token.subject());
        assertEquals(List.of("/" + s.issuer(), "/" + s.issuer() + "/" + s.role()), token.groups());
        assertEquals("1.0", token.wlcgVersion());
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(xdg.resolve("bt_u" + UID))));
    }

    @Test
    void callLogShowsArgvAndTheEnvironmentRead() {
        Service s = bed.service("logged", true);
        bed.onboard(s);
        Path xdg = bed.privateDir("xdg-log");
        int before = bed.standIns.callLog().size();
        assertEquals(0, bed.storer(s, CREDD_1, xdg).exitCode());
        List<Call> calls =
                bed.standIns.callLog().subList(before, bed.standIns.callLog().size());

        Call storer = calls.get(0);
        assertEquals("condor_vault_storer", storer.tool());
        assertEquals(List.of(s.name()), storer.argv());
        assertEquals(CREDD_1, storer.envValue("_condor_CREDD_HOST"));
        assertEquals(StandInBed.COLLECTOR, storer.envValue("_condor_COLLECTOR_HOST"));
        assertEquals("--vaulttokenminttl=10s --credkey=" + s.credkey(), storer.envValue("HTGETTOKENOPTS"));
        assertEquals("-a " + VAULT, storer.envValue("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS"));
        assertEquals("FILE:" + s.ccache(), storer.envValue("KRB5CCNAME"));
        assertEquals(xdg.toString(), storer.envValue("XDG_RUNTIME_DIR"));
        assertFalse(storer.env().containsKey("BEARER_TOKEN_FILE"));

        // The real storer's sequence: config, query, get, exchange, store.
        assertEquals(
                List.of("condor_config_val", "condor_store_cred", "htgettoken", "htgettoken", "condor_store_cred"),
                calls.subList(1, calls.size()).stream().map(Call::tool).toList());
        assertEquals(List.of("query-oauth", "-s", s.name()), calls.get(2).argv());
        assertEquals(
                List.of(
                        "--vaulttokenttl=28d",
                        "-o",
                        xdg + "/bt_u" + UID + "-" + s.name(),
                        "-a",
                        VAULT,
                        "-i",
                        s.issuer(),
                        "-r",
                        s.role(),
                        "--vaulttokeninfile=/tmp/vt_u" + UID + "-" + s.name(),
                        "--vaulttokenfile=/dev/stdout",
                        "--showbearerurl",
                        "--nooidc",
                        "-q"),
                calls.get(3).argv());
        assertEquals(
                List.of("add-oauth", "-s", s.name(), "-i", "-"), calls.get(5).argv());
        String log = String.join("\n", calls.stream().map(Call::toString).toList());
        for (VaultToken t : bed.standIns.vaultTokens()) {
            assertFalse(log.contains(t.token()), "the call log never holds a vault token");
        }
    }

    @Test
    void secondCallWithinMinTtlMintsNothingAndExpiredLifeMintsAgain() throws IOException {
        Service s = bed.service("reuse", true);
        bed.onboard(s);
        Path xdg = bed.privateDir("xdg-reuse");
        assertEquals(0, bed.storer(s, CREDD_1, xdg).exitCode());
        int minted = bed.standIns.mintedVaultTokens(s.issuer(), s.role(), s.credkey());
        assertEquals(2, minted, "one kerberos login, one exchange");
        String vt = Files.readString(Path.of("/tmp/vt_u" + UID + "-" + s.name()));

        CommandResult again = bed.storer(s, CREDD_1, xdg);
        assertEquals(0, again.exitCode(), show(again));
        assertEquals(minted, bed.standIns.mintedVaultTokens(s.issuer(), s.role(), s.credkey()), "no new vault token");
        assertEquals(vt, Files.readString(Path.of("/tmp/vt_u" + UID + "-" + s.name())), "token file untouched");

        // Seven days later the short-lived token has less than --vaulttokenminttl left: htgettoken logs in again.
        Map<String, String> env = new HashMap<>(bed.storerEnv(s, CREDD_1, xdg));
        env.put("HTGETTOKENOPTS", "--vaulttokenminttl=1h --credkey=" + s.credkey());
        bed.standIns.advanceVaultClock(Duration.ofDays(7).minusMinutes(30));
        try {
            CommandResult later = bed.run(List.of("condor_vault_storer", s.name()), env, Duration.ofSeconds(60));
            assertEquals(0, later.exitCode(), show(later));
        } finally {
            bed.standIns.advanceVaultClock(Duration.ofDays(7).minusMinutes(30).negated());
        }
        assertEquals(minted + 2, bed.standIns.mintedVaultTokens(s.issuer(), s.role(), s.credkey()));
        assertNotEquals(vt, Files.readString(Path.of("/tmp/vt_u" + UID + "-" + s.name())));
    }
}
