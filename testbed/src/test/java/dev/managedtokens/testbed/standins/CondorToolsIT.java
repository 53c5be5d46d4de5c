package dev.managedtokens.testbed.standins;

import static dev.managedtokens.testbed.standins.StandInBed.CREDD_1;
import static dev.managedtokens.testbed.standins.StandInBed.VAULT;
import static dev.managedtokens.testbed.standins.StandInBed.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.standins.StandInBed.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** condor_status, condor_config_val and htgettoken's option handling, as the real programs answer. */
class CondorToolsIT {

    private static StandInBed bed;

    @BeforeAll
    static void up() {
        bed = new StandInBed();
    }

    @AfterAll
    static void down() {
        bed.close();
    }

    private CommandResult run(Map<String, String> extraEnv, String... argv) {
        Map<String, String> env = new HashMap<>(bed.standIns.withStandInsOnPath(Map.of("PATH", "/usr/bin:/bin")));
        env.putAll(extraEnv);
        return bed.run(List.of(argv), env, Duration.ofSeconds(20));
    }

    @Test
    void condorStatusAnswersPerCollectorInLongForm() {
        bed.standIns.definePool(
                "cm.pool-a",
                List.of(
                        StandIns.scheddAd("s1.pool-a", ordered("IsProduction", "true", "Site", "\"FNAL\"")),
                        StandIns.scheddAd("s2.pool-a", ordered("IsProduction", "false", "Site", "\"fnal\"")),
                        StandIns.scheddAd("s3.pool-a")));
        CommandResult all = run(Map.of(), "condor_status", "-pool", "cm.pool-a", "-schedd", "-long");
        assertEquals(0, all.exitCode(), show(all));
        assertEquals("""
                MyType = "Scheduler"
                Name = "s1.pool-a"
                IsProduction = true
                Site = "FNAL"

                MyType = "Scheduler"
                Name = "s2.pool-a"
                IsProduction = false
                Site = "fnal"

                MyType = "Scheduler"
                Name = "s3.pool-a"

                """, all.stdout());

        assertEquals(
                List.of("s1.pool-a"),
                names(run(
                        Map.of(),
                        "condor_status",
                        "-pool",
                        "cm.pool-a",
                        "-constraint",
                        "IsProduction =?= true",
                        "-schedd",
                        "-long")));
        assertEquals(
                List.of("s1.pool-a", "s2.pool-a"),
                names(run(
                        Map.of(),
                        "condor_status",
                        "-pool",
                        "cm.pool-a",
                        "-schedd",
                        "-constraint",
                        "Site == \"fnal\"",
                        "-long")),
                "== compares strings case-insensitively");
        assertEquals(
                List.of("s1.pool-a"),
                names(run(
                        Map.of(),
                        "condor_status",
                        "-pool",
                        "cm.pool-a",
                        "-schedd",
                        "-constraint",
                        "Site =?= \"FNAL\"",
                        "-long")),
                "=?= is case-sensitive");
        assertEquals(
                List.of("s2.pool-a", "s3.pool-a"),
                names(run(
                        Map.of(),
                        "condor_status",
                        "-pool",
                        "cm.pool-a",
                        "-schedd",
                        "-constraint",
                        "IsProduction =!= true",
                        "-long")),
                "undefined is not identical to true");
        assertEquals(
                List.of(),
                names(run(
                        Map.of(),
                        "condor_status",
                        "-pool",
                        "cm.pool-a",
                        "-schedd",
                        "-constraint",
                        "IsProduction == true && Site == \"nowhere\"",
                        "-long")));

        CommandResult unknown = run(Map.of(), "condor_status", "-pool", "cm.nowhere", "-schedd", "-long");
        assertEquals(1, unknown.exitCode(), show(unknown));
        assertTrue(
                unknown.stderr().contains("Error: Couldn't contact the condor_collector on cm.nowhere."),
                show(unknown));
        assertEquals("", unknown.stdout());

        CommandResult strange = run(
                Map.of(),
                "condor_status",
                "-pool",
                "cm.pool-a",
                "-schedd",
                "-constraint",
                "regexp(\"s1\", Name)",
                "-long");
        assertEquals(1, strange.exitCode(), "an expression the stand-in cannot evaluate fails loudly");
    }

    private static Map<String, String> ordered(String k1, String v1, String k2, String v2) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    private static List<String> names(CommandResult r) {
        assertEquals(0, r.exitCode(), show(r));
        return r.stdout()
                .lines()
                .filter(l -> l.startsWith("Name = "))
                .map(l -> l.substring("Name = \"".length(), l.length() - 1))
                .toList();
    }

    @Test
    void condorConfigValPrintsTheConfigurationAndHonoursEnvironmentOverrides() {
        bed.standIns.setCondorConfig("SEC_CREDENTIAL_GETTOKEN_OPTS", "-a vault.config");
        CommandResult configured = run(Map.of(), "condor_config_val", "SEC_CREDENTIAL_GETTOKEN_OPTS");
        assertEquals(0, configured.exitCode());
        assertEquals("-a vault.config\n", configured.stdout());

        CommandResult overridden = run(
                Map.of("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "-a vault.env"),
                "condor_config_val",
                "SEC_CREDENTIAL_GETTOKEN_OPTS");
        assertEquals("-a vault.env\n", overridden.stdout());

        bed.standIns.unsetCondorConfig("SEC_CREDENTIAL_GETTOKEN_OPTS");
        CommandResult missing = run(Map.of(), "condor_config_val", "SEC_CREDENTIAL_GETTOKEN_OPTS");
        assertEquals(1, missing.exitCode());
        assertEquals("Not defined: SEC_CREDENTIAL_GETTOKEN_OPTS\n", missing.stderr());
    }

    @Test
    void storerWithoutAnyGettokenOptionsFails() {
        Service s = bed.service("noopts", true);
        Map<String, String> env = new HashMap<>(bed.storerEnv(s, CREDD_1, bed.privateDir("xdg-noopts")));
        env.remove("HTGETTOKENOPTS");
        env.remove("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS");
        CommandResult r = bed.run(List.of("condor_vault_storer", s.name()), env, Duration.ofSeconds(20));
        assertEquals(1, r.exitCode(), show(r));
        assertTrue(
                r.stderr()
                        .contains("condor_vault_storer: Neither SEC_CREDENTIAL_GETTOKEN_OPTS condor value nor "
                                + "$HTGETTOKENOPTS environment set"),
                show(r));

        CommandResult usage = bed.run(List.of("condor_vault_storer"), env, Duration.ofSeconds(20));
        assertEquals(1, usage.exitCode());
        assertTrue(usage.stderr().startsWith("\nUsage: condor_vault_storer [-vd] oauth_service ..."), show(usage));
    }

    @Test
    void htgettokenOptionsFromTheEnvironmentComeFirstSoArgvWins() throws Exception {
        Service s = bed.service("opts", true);
        bed.onboard(s);
        Path out = bed.dir.resolve("bt-opts");
        Map<String, String> env = new HashMap<>(bed.storerEnv(s, CREDD_1, null));
        env.put("HTGETTOKENOPTS", "-i wrongissuer -a nowhere.testbed --credkey '" + s.credkey() + "' # a comment");
        CommandResult r = bed.run(
                List.of(
                        "htgettoken",
                        "-a",
                        VAULT,
                        "--issuer=" + s.issuer(),
                        "-r",
                        s.role(),
                        "--vaulttokenfile",
                        bed.dir.resolve("vt-opts").toString(),
                        "-o",
                        out.toString()),
                env,
                Duration.ofSeconds(20));
        assertEquals(0, r.exitCode(), show(r));
        assertTrue(r.stdout().contains("Storing bearer token in " + out), show(r));
        BearerToken token = bed.standIns.verifyBearerToken(Files.readString(out));
        assertEquals(List.of("/" + s.issuer(), "/" + s.issuer() + "/" + s.role()), token.groups());
        assertEquals(s.credkey(), token.subject());

        CommandResult unknown =
                bed.run(List.of("htgettoken", "-a", VAULT, "--no-such-flag"), env, Duration.ofSeconds(20));
        assertEquals(2, unknown.exitCode(), show(unknown));
        assertTrue(unknown.stderr().contains("htgettoken: error: no such option: --no-such-flag"), show(unknown));

        env.put("HTGETTOKENOPTS", "--credkey 'unbalanced");
        CommandResult badQuote = bed.run(List.of("htgettoken", "-a", VAULT), env, Duration.ofSeconds(20));
        assertEquals(1, badQuote.exitCode(), show(badQuote));
        assertTrue(badQuote.stderr().contains("No closing quotation"), show(badQuote));

        env.remove("HTGETTOKENOPTS");
        CommandResult minttl =
                bed.run(List.of("htgettoken", "-a", VAULT, "--vaulttokenminttl=8d"), env, Duration.ofSeconds(20));
        assertEquals(1, minttl.exitCode(), show(minttl));
        // showprogress is on and progress still goes to stderr at that point: a blank line first, as the real one
        assertEquals("\nhtgettoken: --vaulttokenminttl must be less than --vaulttokenttl\n", minttl.stderr());
    }
}
