package dev.managedtokens.tokenpush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.adminhost.AdminHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run-onboarding-managed-tokens}, the onboarding command of older releases, as a runbook calls it: the
 * checkout's launcher (a link to the one the RPM installs) runs the built token-push with {@code -r -s SERVICE} and
 * the same flags. --dry-run shows what it would run without a KDC or HTCondor.
 */
class RunOnboardingLauncherIT {

    private static final ProcessRunner RUNNER = new ProcessRunner(2);
    private static final Path REPO = AdminHost.locateRepo();

    @TempDir
    Path dir;

    private CommandResult run(String launcher, String... args) {
        List<String> argv =
                new ArrayList<>(List.of(REPO.resolve("bin").resolve(launcher).toString()));
        argv.addAll(List.of(args));
        return RUNNER.run(
                Command.of(argv, Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()), Duration.ofSeconds(120)));
    }

    private Path config() throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                keytabPath: /keytabs
                kerberosPrincipalPattern: "{{.Account}}/managedtokens/admin.example@EXAMPLE.ORG"
                vaultServer: vault.example
                serviceCreddVaultTokenPathRoot: %1$s/tokens
                dbLocation: %1$s/uid.db
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
                        account: mu2eana
                        desiredUIDOverride: 5002
                        destinationNodes: [n3.example]
                        condorCollectorHostOverride: collector.example
                        condorCreddHostOverride: credd1.example
                """.formatted(dir));
        return cfg;
    }

    @Test
    void helpSaysWhatItStandsForAndWhatItRuns() {
        CommandResult r = run("run-onboarding-managed-tokens", "--help");
        assertEquals(0, r.exitCode(), r.combinedOutput());
        assertTrue(
                r.stdout().contains("\"run onboarding for Managed Tokens\", the onboarding command of older"),
                r.stdout());
        assertTrue(r.stdout().contains("token-push --run-onboarding --service SERVICE [the same options]"), r.stdout());
    }

    /** Old runbooks: the service as the argument or with -s, the configuration with -c or --configfile=. */
    @Test
    void itRunsTokenPushOnboardingForTheServiceWithTheSameFlags() throws Exception {
        Path cfg = config();
        CommandResult direct = run("token-push", "-r", "-s", "dune_production", "--dry-run", "-c", cfg.toString());
        assertEquals(0, direct.exitCode(), direct.combinedOutput());
        for (String[] args : List.of(
                new String[] {"-c", cfg.toString(), "--dry-run", "dune_production"},
                new String[] {"--configfile=" + cfg, "-s", "dune_production", "--dry-run"})) {
            CommandResult r = run("run-onboarding-managed-tokens", args);
            assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.combinedOutput());
            assertEquals(direct.stdout(), r.stdout(), String.join(" ", args));
        }
        assertTrue(direct.stdout().startsWith("dune_production\n"), direct.stdout());
        assertFalse(direct.stdout().contains("mu2e_analysis"), "one service only: " + direct.stdout());
        assertTrue(direct.stdout().contains("condor_vault_storer -- dune_production"), direct.stdout());
        assertFalse(direct.stdout().contains("ping "), "onboarding stops after the tokens: " + direct.stdout());
    }

    @Test
    void whatItCannotDoIsAOneLineUsageError() throws Exception {
        CommandResult none = run("run-onboarding-managed-tokens", "-c", config().toString());
        assertEquals(2, none.exitCode(), none.combinedOutput());
        assertTrue(
                none.stderr()
                        .startsWith("run-onboarding-managed-tokens: a service must be given on the command"
                                + " line for run-onboarding"),
                none.stderr());
        CommandResult timeout = run("run-onboarding-managed-tokens", "--timeout", "300s", "dune_production");
        assertEquals(2, timeout.exitCode(), timeout.combinedOutput());
        assertEquals(
                "run-onboarding-managed-tokens: --timeout is not supported any more; set"
                        + " timeouts.vaultStorerTimeout (and globalTimeout) in the configuration file\n",
                timeout.stderr());
        CommandResult list = run("run-onboarding-managed-tokens", "--list-services", "-c", config().toString());
        assertEquals(0, list.exitCode(), list.combinedOutput());
        assertEquals("dune_production\nmu2e_analysis\n", list.stdout());
    }
}
