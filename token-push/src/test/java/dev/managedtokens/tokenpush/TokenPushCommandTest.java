package dev.managedtokens.tokenpush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.db.Sqlite3Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process, as picocli lets us: flags, exit statuses, the read-only modes. */
class TokenPushCommandTest {

    static final Path EXAMPLE = locate("config/managed-tokens.yml");

    @TempDir
    Path dir;

    record Outcome(int exit, String out, String err) {}

    Outcome run(RootGuard root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()));
        TokenPushContext ctx = new TokenPushContext(
                env, dir, dir, 4242, root, new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC());
        int exit = TokenPushCommand.execute(ctx, args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    Outcome run(String... args) {
        return run(RootGuard.notRoot(), args);
    }

    @Test
    void helpAndVersionExitZero() {
        Outcome help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--run-onboarding"), help.out());
        assertTrue(help.out().contains("3   the run completed but at least one service failed"), help.out());
        Outcome version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("Managed tokens library version "), version.out());
    }

    @Test
    void unknownFlagIsAUsageErrorOnOneLine() {
        Outcome o = run("--no-such-flag");
        assertEquals(2, o.exit());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--no-such-flag"), o.err());
    }

    @Test
    void onboardingWithoutAServiceIsRefused() {
        Outcome o = run("-r", "-c", EXAMPLE.toString());
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("run-onboarding flag set without a service for which to run onboarding"), o.err());
    }

    @Test
    void listServicesIsSortedAndIgnoresSelection() {
        Outcome o = run("--list-services", "-e", "mu2e", "-c", EXAMPLE.toString());
        assertEquals(0, o.exit(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(lines.stream().sorted().toList(), lines);
        assertTrue(
                lines.containsAll(List.of("dune_production", "dune2_production", "mu2e_production")), lines.toString());
    }

    @Test
    void theShippedExampleIsValid() {
        Outcome o = run("--validate-config", "-c", EXAMPLE.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(
                o.out()
                        .matches(
                                "(?s).*managed-tokens.yml: valid: \\d+ service\\(s\\), \\d+ node\\(s\\), \\d+ experiment\\(s\\).*"),
                o.out());
    }

    @Test
    void aBrokenCopyGetsOneLinePerProblemWithLineAndColumn() throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(
                broken,
                Files.readString(EXAMPLE)
                        .replace("minTokenLifetime: 3d", "minTokenLifetme: 3d")
                        .replace("  globalTimeout:", "  globalTimeout: 10s\n  globalTimeoutTypo:"));
        Outcome o = run("--validate-config", "-c", broken.toString());
        assertEquals(1, o.exit(), o.out() + o.err());
        List<String> problems = o.err()
                .lines()
                .filter(l -> l.matches(java.util.regex.Pattern.quote(broken.toString()) + ":\\d.*"))
                .toList();
        assertTrue(problems.size() >= 3, "[" + o.err() + "]" + problems);
        assertTrue(o.err().contains(broken + ": 1 error(s), 3 warning(s)"), o.err());
        for (String p : problems) {
            assertTrue(p.matches(java.util.regex.Pattern.quote(broken.toString()) + ":\\d+:\\d+: .*"), p);
        }
        assertTrue(o.err().contains("minTokenLifetme"), o.err());
        assertTrue(o.err().contains("minTokenLifetime"), "no did-you-mean: " + o.err());
    }

    /** A misspelt roles key silently drops the experiment's services: --validate-config fails and says where. */
    @Test
    void validateConfigFailsOnAnExperimentWithoutRoles() throws Exception {
        Path typo = dir.resolve("typo.yml");
        String example = Files.readString(EXAMPLE);
        int firstRoles = example.indexOf("    roles:");
        Files.writeString(typo, example.substring(0, firstRoles) + "    rolse:" + example.substring(firstRoles + 10));
        Outcome o = run("--validate-config", "-c", typo.toString());
        assertEquals(1, o.exit(), o.out() + o.err());
        assertTrue(
                o.err()
                        .lines()
                        .anyMatch(l -> l.matches(java.util.regex.Pattern.quote(typo.toString())
                                + ":\\d+:\\d+: experiments\\.\\w+: the experiment has no roles, so it defines no service; \"rolse\""
                                + " looks like a misspelt roles; .*")),
                o.err());
        assertTrue(
                o.err()
                        .lines()
                        .anyMatch(
                                l -> l.matches(
                                        java.util.regex.Pattern.quote(typo.toString())
                                                + ":\\d+:\\d+: experiments\\.\\w+\\.rolse: warning: unknown key, ignored; did you mean \"roles\"\\?")),
                "the unknown key stays a warning with its place: " + o.err());
    }

    @Test
    void validateConfigFailsOnAFileWithoutAnyService() throws Exception {
        Path none = dir.resolve("none.yml");
        Files.writeString(none, "keytabPath: /keytabs\nexperiments: {}\n");
        Outcome o = run("--validate-config", "-c", none.toString());
        assertEquals(1, o.exit(), o.out() + o.err());
        assertTrue(o.err().contains(none + ":2:1: experiments: the file defines no service"), o.err());
        assertTrue(o.err().contains(none + ": 1 error(s), 0 warning(s)"), o.err());
    }

    @Test
    void aRunWithErrorsInTheFileStopsBeforeAnything() throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, "experiments:\n  dune:\n    roles:\n      prod_x:\n        account: a\n");
        Outcome o = run("-c", broken.toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().contains(broken + ":4:"), o.err());
    }

    @Test
    void anAccountThatRsyncWouldReadAsAnOptionStopsTheRunAsAConfigurationError() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(
                bad,
                "experiments:\n  dune:\n    roles:\n      production:\n        account: \"-e\"\n"
                        + "        destinationNodes: [node1.example]\n");
        Outcome validate = run("--validate-config", "-c", bad.toString());
        assertEquals(1, validate.exit(), validate.out() + validate.err());
        assertTrue(
                validate.err()
                        .contains(bad + ":5:18: experiments.dune.roles.production.account: the account \"-e\""
                                + " starts with \"-\""),
                validate.err());
        Outcome runIt = run("-c", bad.toString());
        assertEquals(1, runIt.exit());
        assertTrue(runIt.err().contains(bad + ":5:18:"), runIt.err());
    }

    @Test
    void aConfigurationOverTheLimitIsOneLineNotAStackTrace() throws Exception {
        Path huge = dir.resolve("huge.yml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(200L << 20);
        }
        Outcome o = run("--validate-config", "-c", huge.toString());
        assertEquals(1, o.exit(), o.out() + o.err());
        assertEquals(
                "token-push: " + huge + ": the configuration file holds 209715200 bytes, over the limit of"
                        + " 1048576 bytes (1 MiB); check that -c names the configuration and not another file",
                o.err().strip());
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.yml");
        Outcome o = run("-c", missing.toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().contains(missing.toString()), o.err());
    }

    @Test
    void rootIsRefusedForARunButMayValidate() {
        RootGuard root = () -> true;
        Outcome run = run(root, "-c", EXAMPLE.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("Current user is root"), run.err());
        assertEquals(0, run(root, "--validate-config", "-c", EXAMPLE.toString()).exit());
    }

    /** A configuration whose services need no external command to resolve: UID and credd overridden, getToken. */
    private Path selfContainedConfig() throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                keytabPath: /keytabs
                kerberosPrincipalPattern: "{{.Account}}/managedtokens/admin.example@EXAMPLE.ORG"
                vaultServer: vault.example
                serviceCreddVaultTokenPathRoot: /var/lib/mt/tokens
                dbLocation: %s
                experiments:
                  dune:
                    roles:
                      production:
                        account: dunepro
                        desiredUIDOverride: 5001
                        destinationNodes: [n1.example, n2.example]
                        condorCollectorHostOverride: collector.example
                        condorCreddHostOverride: credd1.example
                  mu2e:
                    experimentOverride: mu2eX
                    roles:
                      analysis:
                        account: mu2eana
                        destinationNodes: [n3.example]
                        tokenGetterOverride: getToken
                """.formatted(dir.resolve("uid.db")));
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dir.resolve("uid.db"))) {
            db.upsertUids(Map.of("mu2eana", 6002L));
        }
        return cfg;
    }

    @Test
    void dryRunPrintsTheExactCommandsAndFilesWithoutRunningThem() throws Exception {
        Outcome o = run("--dry-run", "-c", selfContainedConfig().toString());
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(
                o.out()
                        .contains(
                                "kinit -k -t /keytabs/dunepro.keytab -- dunepro/managedtokens/admin.example@EXAMPLE.ORG"),
                o.out());
        assertTrue(o.out().contains("condor_vault_storer -- dune_production"), o.out());
        assertTrue(
                o.out()
                        .contains(
                                "htgettoken -a vault.example -i mu2eX --vaulttokenfile /var/lib/mt/tokens/vt_u4242-mu2eX_analysis"),
                o.out());
        assertTrue(o.out().contains("n1.example:/tmp/vt_u5001-dune_production"), o.out());
        assertTrue(o.out().contains("n3.example:/tmp/vt_u6002"), o.out());
        assertTrue(o.out().contains("ping -W 5 -c 1 -- n2.example"), o.out());
        assertTrue(
                o.out()
                        .contains(
                                "rsync -e 'ssh -o ConnectTimeout=30 -o ServerAliveCountMax=1 -o ServerAliveInterval=30' --perms --chmod=u=r,go="),
                o.out());
    }

    @Test
    void dryRunJsonAndSelectionByExperiment() throws Exception {
        Outcome o = run(
                "--dry-run",
                "--json",
                "-e",
                "mu2e",
                "-s",
                "dune_production",
                "-c",
                selfContainedConfig().toString());
        assertEquals(0, o.exit(), o.err());
        JsonNode json = new ObjectMapper().readTree(o.out());
        assertEquals(1, json.get("services").size(), "-e wins over -s: " + o.out());
        assertEquals("mu2e_analysis", json.get("services").get(0).get("service").asText());
        assertEquals("mu2eX_analysis", json.get("services").get(0).get("name").asText());
        assertEquals(6002, json.get("services").get(0).get("uid").asLong());
    }

    @Test
    void dryRunSaysWhyAServiceCannotRun() throws Exception {
        Path cfg = selfContainedConfig();
        Files.writeString(cfg, Files.readString(cfg).replace("mu2eana", "nobodyknows"));
        Outcome o = run("--dry-run", "-c", cfg.toString());
        assertEquals(3, o.exit(), o.out());
        assertTrue(
                o.out()
                        .contains(
                                "mu2e_analysis (as mu2eX_analysis): CANNOT RUN: could not get UID by username: sql: no rows in result set"),
                o.out());
    }

    @Test
    void statusReadsTheDatabaseWithoutCreatingOne() throws Exception {
        Path cfg = selfContainedConfig();
        Outcome o = run("status", "-c", cfg.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().startsWith("SERVICE"), o.out());
        Files.writeString(
                cfg,
                Files.readString(cfg)
                        .replace(
                                dir.resolve("uid.db").toString(),
                                dir.resolve("missing.db").toString()));
        Outcome missing = run("status", "--json", "-c", cfg.toString());
        assertEquals(1, missing.exit());
        assertFalse(Files.exists(dir.resolve("missing.db")), "status created a database");
    }

    /**
     * A database the Go service made (its DDL, its statements) and a configuration as the switch finds them: two
     * services share the account dunepro, only dune_production overrides its UID; dune's principal is in a realm
     * other than FNAL.GOV, mu2e's is in FNAL.GOV.
     */
    private Path goDatabaseAndSharedAccount() throws Exception {
        Path db = Sqlite3Cli.goFile(dir.resolve("go.db"), """
                INSERT INTO uids(username, uid) VALUES ('dunepro', 6002) ON CONFLICT(username) DO UPDATE SET uid = 6002;
                INSERT INTO services(name) VALUES ('dune_production') ON CONFLICT(name) DO NOTHING;
                INSERT INTO services(name) VALUES ('mu2e_analysis') ON CONFLICT(name) DO NOTHING;
                INSERT INTO nodes(name) VALUES ('n1.example') ON CONFLICT(name) DO NOTHING;
                INSERT INTO push_errors(service_id, node_id, count)
                	SELECT
                		(SELECT services.id FROM services WHERE services.name = 'mu2e_analysis') AS service_id,
                		(SELECT nodes.id FROM nodes WHERE nodes.name = 'n1.example') AS node_id,
                		1 as count
                	ON CONFLICT(service_id, node_id) DO
                		UPDATE SET count = 1
                	;
                """);
        Path cfg = dir.resolve("switch.yml");
        Files.writeString(cfg, """
                keytabPath: /keytabs
                kerberosPrincipalPattern: "{{.Account}}/managedtokens/admin.example@EXAMPLE.ORG"
                vaultServer: vault.example
                serviceCreddVaultTokenPathRoot: /var/lib/mt/tokens
                dbLocation: %s
                experiments:
                  dune:
                    roles:
                      production:
                        account: dunepro
                        desiredUIDOverride: 5001
                        destinationNodes: [n1.example]
                        condorCollectorHostOverride: collector.example
                        condorCreddHostOverride: credd1.example
                  mu2e:
                    roles:
                      analysis:
                        account: dunepro
                        userPrincipalOverride: mu2epro/managedtokens/admin.example@FNAL.GOV
                        destinationNodes: [n1.example]
                        condorCollectorHostOverride: collector.example
                        condorCreddHostOverride: credd1.example
                """.formatted(db));
        return cfg;
    }

    /** The credkey names the refresh token in Vault: the Go service's derivation, shown by --dry-run. */
    @Test
    void dryRunShowsTheCredkeyDerivedAsTheGoServiceDid() throws Exception {
        Outcome o = run("--dry-run", "-c", goDatabaseAndSharedAccount().toString());
        assertEquals(0, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("credkey:      dunepro/managedtokens/admin.example@EXAMPLE.ORG\n"), o.out());
        assertTrue(
                o.out()
                        .contains("HTGETTOKENOPTS=\"--vaulttokenminttl=10s"
                                + " --credkey=dunepro/managedtokens/admin.example@EXAMPLE.ORG\""),
                o.out());
        assertTrue(o.out().contains("credkey:      mu2epro/managedtokens/admin.example\n"), o.out());
        JsonNode json = new ObjectMapper()
                .readTree(run(
                                "--dry-run",
                                "--json",
                                "-c",
                                dir.resolve("switch.yml").toString())
                        .out());
        assertEquals(
                "dunepro/managedtokens/admin.example@EXAMPLE.ORG",
                json.get("services").get(0).get("credkey").asText());
    }

    /** status, --dry-run and the run resolve the UID in one place: an override belongs to its service. */
    @Test
    void statusShowsTheUidTheRunUsesWhenServicesShareAnAccount() throws Exception {
        Path cfg = goDatabaseAndSharedAccount();
        JsonNode plan = new ObjectMapper()
                .readTree(run("--dry-run", "--json", "-c", cfg.toString()).out());
        Map<String, Long> planned = new HashMap<>();
        plan.get("services")
                .forEach(
                        s -> planned.put(s.get("service").asText(), s.get("uid").asLong()));
        assertEquals(Map.of("dune_production", 5001L, "mu2e_analysis", 6002L), planned);

        Outcome o = run("status", "--json", "-c", cfg.toString());
        assertEquals(0, o.exit(), o.err());
        Map<String, Long> shown = new HashMap<>();
        new ObjectMapper()
                .readTree(o.out())
                .get("services")
                .forEach(s -> shown.put(s.get("service").asText(), s.get("uid").asLong()));
        assertEquals(planned, shown, o.out());

        Outcome table = run("status", "-c", cfg.toString());
        assertTrue(
                table.out().lines().anyMatch(l -> l.matches("mu2e_analysis\\s+6002\\s+0\\s+n1\\.example\\s+1\\s.*")),
                table.out());
    }

    private static Path locate(String relative) {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve(relative))) {
            d = d.getParent();
        }
        if (d == null) throw new IllegalStateException(relative + " not found above the working directory");
        return d.resolve(relative);
    }
}
