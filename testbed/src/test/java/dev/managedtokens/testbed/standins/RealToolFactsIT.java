package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
import static dev.managedtokens.testbed.standins.StandInBed.UID;
import static dev.managedtokens.testbed.standins.StandInBed.VAULT;
import static dev.managedtokens.testbed.standins.StandInBed.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.standins.StandInBed.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The behaviours the stand-ins copy from the real HTCondor and htgettoken sources (docs/external-tools.md), each
 * one a place where our earlier picture of them was wrong.
 */
class RealToolFactsIT {

    private static StandInBed bed;

    @BeforeAll
    static void up() {
        bed = new StandInBed();
    }

    @AfterAll
    static void down() {
        bed.close();
    }

    private Service onboarded(String prefix) {
        Service s = bed.service(prefix, true);
        bed.onboard(s);
        return s;
    }

    @Test
    void queryOauthPrintsTheAccountTheCredTypeAndWhenTheCredentialWasStored() {
        Service s = onboarded("query");
        assertEquals(0, bed.storer(s, CREDD_1, bed.privateDir("xdg-query")).exitCode());
        CommandResult q = bed.run(
                List.of("condor_store_cred", "query-oauth", "-s", s.name()),
                bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-query")),
                Duration.ofSeconds(20));
        assertEquals(0, q.exitCode(), show(q));
        assertTrue(
                Pattern.compile("^Account: <current> \\(\\S+\\)\nCredType: oauth\n\n")
                        .matcher(q.stdout())
                        .find(),
                show(q));
        assertTrue(
                Pattern.compile("A credential was stored on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d and is valid\\.")
                        .matcher(q.stdout())
                        .find(),
                show(q));
    }

    @Test
    void condorStoreCredAcceptsAHandle() {
        Service s = onboarded("handle");
        CommandResult q = bed.run(
                List.of("condor_store_cred", "query-oauth", "-s", s.name(), "-H", "h1"),
                bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-handle")),
                Duration.ofSeconds(20));
        assertEquals(1, q.exitCode(), show(q));
        assertTrue(q.stdout().contains("No credential is stored."), show(q));
        assertFalse(q.stderr().contains("Unrecognized option"), show(q));
    }

    @Test
    void htgettokenAcceptsNovaulttoken() {
        Service s = onboarded("novt");
        Path vt = bed.dir.resolve("vt-novt");
        CommandResult r = bed.run(
                List.of(
                        "htgettoken",
                        "-a",
                        VAULT,
                        "-i",
                        s.issuer(),
                        "-r",
                        s.role(),
                        "--credkey=" + s.credkey(),
                        "--novaulttoken",
                        "--vaulttokenfile",
                        vt.toString(),
                        "-o",
                        bed.dir.resolve("bt-novt").toString()),
                bed.storerEnv(s, CREDD_1, null),
                Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), show(r));
        assertFalse(Files.exists(vt), "no vault token kept with --novaulttoken");
    }

    @Test
    void anExperimentNameWithAnUnderscoreStopsTheStorer() {
        Service s = onboarded("under");
        Map<String, String> env = bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-under"));
        CommandResult r = bed.run(List.of("condor_vault_storer", "my_exp_production"), env, Duration.ofSeconds(20));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(
                r.stderr().contains("condor_vault_storer: Only one underscore allowed in use_oauth_services name"),
                show(r));
    }

    @Test
    void aMinimumLifetimeNotBelowTheExchangedTokensTtlFailsTheExchange() {
        Service s = onboarded("minttl");
        Map<String, String> env = new java.util.HashMap<>(bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-minttl")));
        env.put("HTGETTOKENOPTS", "--vaulttokenminttl=7d --credkey=" + s.credkey());
        CommandResult r = bed.run(List.of("condor_vault_storer", s.name()), env, Duration.ofSeconds(30));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: Failed to exchange vault token"), show(r));
    }

    @Test
    void aRuntimeDirectoryWithASpaceBreaksTheStorerAsItsUnquotedPathsBreakTheRealOne() throws IOException {
        Service s = onboarded("space");
        Path xdg = Files.createDirectories(bed.dir.resolve("with space"));
        Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwx------"));
        CommandResult r = bed.storer(s, CREDD_1, xdg);
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(r.stderr().contains("condor_vault_storer: Failed to exchange vault token"), show(r));
        assertFalse(Files.exists(xdg.resolve("bt_u" + UID)), "the bearer token copy failed on the unquoted path");
    }

    @Test
    void discoveryFallsBackToTmpWhenTheRuntimeDirectoryHasNoBearerToken() throws IOException {
        Service s = onboarded("fallback");
        Path tmpToken = Path.of("/tmp/bt_u" + UID);
        boolean existed = Files.exists(tmpToken);
        Path xdg = bed.privateDir("xdg-fallback");
        int before = bed.standIns.creddAuthentications().size();
        CommandResult q = bed.run(
                List.of("condor_store_cred", "query-oauth", "-s", s.name()),
                bed.storerEnv(s, CREDD_1, xdg),
                Duration.ofSeconds(20));
        List<CreddAuthentication> auths = bed.standIns.creddAuthentications();
        assertEquals(before + 1, auths.size(), show(q));
        CreddAuthentication a = auths.get(auths.size() - 1);
        if (existed) {
            assertEquals(tmpToken.toString(), a.tokenFile(), "with nothing in XDG_RUNTIME_DIR, /tmp/bt_u<uid> is next");
        } else {
            assertEquals("KERBEROS", a.method(), a.toString());
            assertEquals(s.credkey(), a.identity(), a.toString());
        }
    }
}
