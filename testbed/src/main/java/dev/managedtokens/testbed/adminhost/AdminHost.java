package dev.managedtokens.testbed.adminhost;

import dev.managedtokens.core.config.CredKey;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.OperatorAccount;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.StandIns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The admin host of a bed: the stand-ins on PATH, a work directory owned by the operator account (configuration,
 * database, token root), and a way to run the real launchers as that account, as cron runs them as the service
 * account. Used by the end-to-end tests and by {@code bin/sandbox}.
 */
public final class AdminHost {

    /** The collector every pool of the admin host is defined behind. */
    public static final String COLLECTOR = "collector.pool";

    private final Testbed bed;
    private final StandIns standIns;
    private final OperatorAccount operator;
    private final Path repo;
    private final Path work;
    private final ProcessRunner runner = new ProcessRunner(8);

    /** @param repo the checkout whose {@code bin/} launchers are run */
    public AdminHost(Testbed bed, Path repo) {
        this.bed = bed;
        this.repo = repo;
        this.standIns = StandIns.install(bed.dir());
        this.operator = bed.operator();
        try {
            this.work = Files.createDirectories(bed.dir().resolve("admin-host"));
            Files.createDirectories(tokenRoot());
            Files.createDirectories(dbFile().getParent());
            Files.createDirectories(tmpDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the admin host's directories under " + bed.dir(), e);
        }
        chownToOperator(work);
    }

    public Testbed bed() {
        return bed;
    }

    public StandIns standIns() {
        return standIns;
    }

    public Path work() {
        return work;
    }

    public Path tokenRoot() {
        return work.resolve("tokens");
    }

    public Path dbFile() {
        return work.resolve("db/managed-tokens.db");
    }

    public Path configFile() {
        return work.resolve("managed-tokens.yml");
    }

    public Path tmpDir() {
        return work.resolve("tmp");
    }

    /** Defines a pool with these schedds (each also a credd) behind {@link #COLLECTOR}. */
    public void definePool(String... schedds) {
        standIns.definePool(
                COLLECTOR, Stream.of(schedds).map(StandIns::scheddAd).toList());
        for (String s : schedds) {
            standIns.defineCredd(s);
        }
    }

    /** The credkey Vault knows a service account's secrets by, derived from its principal as token-push does. */
    public String credkey(String account) {
        return CredKey.of(bed.account(account).principal());
    }

    /** Stores a refresh token in the stand-in Vault, as a completed onboarding would. */
    public void onboard(String issuer, String role, String account) {
        standIns.onboard(issuer, role, credkey(account));
    }

    /** The UNIX user name of a bed account, as the configuration's {@code account} names it. */
    public String user(String account) {
        return bed.account(account).user();
    }

    /**
     * Writes the configuration: settings that point at this bed, then {@code extraTopLevel} (YAML, may be empty),
     * then {@code experiments} as the {@code experiments:} section.
     */
    public void writeConfig(String experiments, String extraTopLevel) {
        String yaml = """
                # Written by the testbed for %s.
                keytabPath: %s
                kerberosPrincipalPattern: "{{.Account}}/managedtokens/%s@%s"
                condorCollectorHost: %s
                vaultServer: %s
                serviceCreddVaultTokenPathRoot: %s
                dbLocation: %s
                minTokenLifetime: 10s
                sshOptions: "%s"
                fileCopierOptions: "--perms --chmod=u=r,go="
                %s
                experiments:
                %s
                """.formatted(
                        bed.id(),
                        bed.keytabDir(),
                        bed.adminHost(),
                        bed.realm(),
                        COLLECTOR,
                        StandIns.DEFAULT_VAULT_SERVER,
                        tokenRoot(),
                        dbFile(),
                        String.join(" ", bed.sshOptions()),
                        extraTopLevel.strip(),
                        experiments.indent(2));
        try {
            Files.writeString(configFile(), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile(), e);
        }
        chownToOperator(configFile());
    }

    /**
     * The stand-ins run as the operator (they are token-push's children) and write their call log, vault state and
     * credds; hand the state to the operator once it has been set up.
     */
    public void handStateToOperator() {
        chownToOperator(standIns.stateDir());
    }

    /** Runs {@code bin/<launcher> args} as the operator account in the work directory and waits for it. */
    public LauncherRun run(String launcher, List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(repo.resolve("bin").resolve(launcher).toString());
        argv.addAll(args);
        Map<String, String> env = new HashMap<>(standIns.withStandInsOnPath(bed.environment()));
        env.put("TMPDIR", tmpDir().toString());
        CommandResult r = runner.run(Command.of(operator.runAs(argv), operator.environment(env), timeout)
                .withWorkingDirectory(work));
        return new LauncherRun(r);
    }

    /**
     * {@link #run}, but on a pseudo-terminal, as an operator types it in a shell: htgettoken offers its device-code
     * flow only when one of its standard streams is a terminal. util-linux {@code script} provides the terminal
     * and exits with the command's status; stdout and stderr both arrive in the result's stdout (CR LF line ends).
     */
    public LauncherRun runOnTerminal(String launcher, List<String> args, Duration timeout) {
        StringBuilder cmd = new StringBuilder("exec");
        cmd.append(" '")
                .append(repo.resolve("bin").resolve(launcher).toString().replace("'", "'\\''"))
                .append('\'');
        for (String a : args) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        List<String> argv = List.of("script", "-qec", cmd.toString(), "/dev/null");
        Map<String, String> env = new HashMap<>(standIns.withStandInsOnPath(bed.environment()));
        env.put("TMPDIR", tmpDir().toString());
        CommandResult r = runner.run(Command.of(operator.runAs(argv), operator.environment(env), timeout)
                .withWorkingDirectory(work));
        return new LauncherRun(r);
    }

    /** {@code path}'s owner becomes the operator, recursively. */
    public void chownToOperator(Path path) {
        CommandResult r = runner.run(Command.of(
                List.of("chown", "-R", operator.uid() + ":" + operator.gid(), path.toString()),
                Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(30)));
        if (!r.succeeded()) {
            throw new IllegalStateException("chown " + path + " to " + operator.name() + ": " + r.describe() + " "
                    + r.stderr().strip());
        }
    }

    /** The files a service's tokens land in on a node: {@code vt_u<uid>} and {@code vt_u<uid>-<service>}. */
    public static List<Path> tokenFilesOn(SubmitNode node, ServiceAccount account, String service) {
        return List.of(
                node.tmpDir().resolve("vt_u" + account.uid()),
                node.tmpDir().resolve("vt_u" + account.uid() + "-" + service));
    }

    /** Finds the checkout above the working directory (the directory that holds {@code bin/token-push}). */
    public static Path locateRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/token-push"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the checkout (bin/token-push) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** What a launcher printed; {@code toString} shows all of it, for assertion messages. */
    public record LauncherRun(CommandResult result) {
        public int exit() {
            return result.exitCode();
        }

        public String stdout() {
            return result.stdout();
        }

        public String stderr() {
            return result.stderr();
        }

        @Override
        public String toString() {
            return result.describe() + "\n--- stdout ---\n" + result.stdout() + "--- stderr ---\n" + result.stderr();
        }
    }
}
