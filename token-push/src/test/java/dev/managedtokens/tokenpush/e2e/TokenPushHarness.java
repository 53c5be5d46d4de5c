package dev.managedtokens.tokenpush.e2e;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.OperatorAccount;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.StandIns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A testbed plus everything token-push needs on the admin host: the stand-ins on PATH, a work directory owned by
 * the operator account (configuration, database, token root), and a way to run the real launcher as that account,
 * as cron would run it as the service account.
 */
final class TokenPushHarness implements AutoCloseable {

    static final Path REPO = locateRepo();
    static final String COLLECTOR = "collector.pool";

    final Testbed bed;
    final StandIns standIns;
    final OperatorAccount operator;
    final Path work;
    final Path tokenRoot;
    final Path dbFile;
    final Path configFile;
    private final ProcessRunner runner = new ProcessRunner(8);

    private TokenPushHarness(Testbed bed) {
        this.bed = bed;
        this.standIns = StandIns.install(bed.dir());
        this.operator = bed.operator();
        try {
            this.work = Files.createDirectories(bed.dir().resolve("admin-host"));
            this.tokenRoot = Files.createDirectories(work.resolve("tokens"));
            Files.createDirectories(work.resolve("db"));
            Files.createDirectories(work.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dbFile = work.resolve("db/managed-tokens.db");
        this.configFile = work.resolve("managed-tokens.yml");
        chownToOperator(work);
    }

    static TokenPushHarness start(TestbedSpec spec) {
        return new TokenPushHarness(Testbed.start(spec));
    }

    /** Defines a pool with these schedds (each also a credd) behind {@link #COLLECTOR}. */
    void definePool(String... schedds) {
        standIns.definePool(COLLECTOR, Stream.of(schedds).map(StandIns::scheddAd).toList());
        for (String s : schedds) {
            standIns.defineCredd(s);
        }
    }

    /** The credkey Vault knows a service account's secrets by: its principal without the realm. */
    String credkey(String account) {
        String p = bed.account(account).principal();
        return p.substring(0, p.lastIndexOf('@'));
    }

    void onboard(String issuer, String role, String account) {
        standIns.onboard(issuer, role, credkey(account));
    }

    /** Writes the UIDs into the database as refresh-uids-from-ferry would, owned by the operator. */
    void seedUids(String... accounts) {
        Map<String, Long> uids = new HashMap<>();
        for (String a : accounts) {
            ServiceAccount acc = bed.account(a);
            uids.put(acc.user(), (long) acc.uid());
        }
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(dbFile)) {
            db.upsertUids(uids);
        }
        chownToOperator(dbFile.getParent());
    }

    /** The configuration common to every test; {@code experiments} is the YAML of the experiments section. */
    void writeConfig(String experiments, String extraTopLevel) {
        String nodes = bed.nodes().stream().map(SubmitNode::hostName).collect(Collectors.joining(", "));
        String yaml = """
                keytabPath: %s
                kerberosPrincipalPattern: "{{.Account}}/managedtokens/%s@%s"
                condorCollectorHost: %s
                vaultServer: %s
                serviceCreddVaultTokenPathRoot: %s
                dbLocation: %s
                minTokenLifetime: 10s
                sshOptions: "%s"
                fileCopierOptions: "--perms --chmod=u=r,go="
                storerConcurrency: 4
                disableNotifications: true
                timeouts:
                  globalTimeout: 120s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 10s
                  pushTimeout: 30s
                %s
                experiments:
                %s
                """.formatted(bed.keytabDir(), bed.adminHost(), bed.realm(), COLLECTOR,
                StandIns.DEFAULT_VAULT_SERVER, tokenRoot, dbFile, String.join(" ", bed.sshOptions()),
                extraTopLevel, experiments.indent(2));
        try {
            Files.writeString(configFile, yaml.replace("{NODES}", nodes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chownToOperator(configFile);
    }

    /**
     * The stand-ins run as the operator (they are token-push's children) and write their call log, vault state and
     * credds; hand them the state once the test has set it up.
     */
    void handStateToOperator() {
        chownToOperator(standIns.stateDir());
    }

    /** The user name of a bed account, as the configuration's {@code account} names it. */
    String user(String account) {
        return bed.account(account).user();
    }

    /** Runs {@code bin/token-push -c <config> args} as the operator account and waits for it. */
    Result tokenPush(String... args) {
        List<String> argv = new ArrayList<>(List.of(REPO.resolve("bin/token-push").toString(), "-c",
                configFile.toString()));
        argv.addAll(List.of(args));
        return runAsOperator(argv, Duration.ofMinutes(3));
    }

    /** Runs {@code bin/token-push status -c <config> args} as the operator account. */
    Result tokenPushStatus(String... args) {
        List<String> argv = new ArrayList<>(List.of(REPO.resolve("bin/token-push").toString(), "status", "-c",
                configFile.toString()));
        argv.addAll(List.of(args));
        return runAsOperator(argv, Duration.ofMinutes(1));
    }

    Result runAsOperator(List<String> argv, Duration timeout) {
        Map<String, String> env = new HashMap<>(standIns.withStandInsOnPath(bed.environment()));
        env.put("TMPDIR", work.resolve("tmp").toString());
        env = operator.environment(env);
        CommandResult r = runner.run(Command.of(operator.runAs(argv), env, timeout).withWorkingDirectory(work));
        return new Result(r.exitCode(), r.stdout(), r.stderr(), r);
    }

    /** What a launcher run printed; {@code toString} shows all of it, for assertion messages. */
    record Result(int exit, String stdout, String stderr, CommandResult raw) {
        @Override
        public String toString() {
            return raw.describe() + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    void chownToOperator(Path path) {
        CommandResult r = runner.run(Command.of(List.of("chown", "-R", operator.uid() + ":" + operator.gid(),
                path.toString()), Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(30)));
        if (!r.succeeded()) {
            throw new IllegalStateException("chown " + path + ": " + r.describe() + " " + r.stderr());
        }
    }

    static void setMode(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locateRepo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/token-push"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository (bin/token-push) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    @Override
    public void close() {
        bed.close();
    }
}
