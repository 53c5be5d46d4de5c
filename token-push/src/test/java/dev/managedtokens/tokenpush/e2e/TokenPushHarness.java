package dev.managedtokens.tokenpush.e2e;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.StandIns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A bed and its admin host, plus what only token-push's tests need: the database seeded with UIDs. */
final class TokenPushHarness implements AutoCloseable {

    static final String COLLECTOR = AdminHost.COLLECTOR;

    final Testbed bed;
    final AdminHost host;
    final StandIns standIns;

    private TokenPushHarness(Testbed bed) {
        this.bed = bed;
        this.host = new AdminHost(bed, AdminHost.locateRepo());
        this.standIns = host.standIns();
    }

    static TokenPushHarness start(TestbedSpec spec) {
        return new TokenPushHarness(Testbed.start(spec));
    }

    /** The configuration for these tests: the bed's settings, generous timeouts, notifications off. */
    void writeConfig(String experiments, String extraTopLevel) {
        host.writeConfig(experiments, """
                storerConcurrency: 4
                disableNotifications: true
                timeouts:
                  globalTimeout: 120s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 10s
                  pushTimeout: 30s
                """ + extraTopLevel);
    }

    /** The configuration with exactly these top-level settings (timeouts included) besides the bed's own. */
    void writeConfigWithSettings(String experiments, String topLevel) {
        host.writeConfig(experiments, topLevel);
    }

    /** Writes the UIDs into the database as refresh-uids-from-ferry would, owned by the operator. */
    void seedUids(String... accounts) {
        Map<String, Long> uids = new HashMap<>();
        for (String a : accounts) {
            ServiceAccount acc = bed.account(a);
            uids.put(acc.user(), (long) acc.uid());
        }
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(host.dbFile())) {
            db.upsertUids(uids);
        }
        host.chownToOperator(host.dbFile().getParent());
    }

    AdminHost.LauncherRun tokenPush(String... args) {
        List<String> argv = new ArrayList<>(List.of("-c", host.configFile().toString()));
        argv.addAll(List.of(args));
        return host.run("token-push", argv, Duration.ofMinutes(3));
    }

    /** {@link #tokenPush} on a pseudo-terminal, as an operator runs it by hand (onboarding needs one). */
    CompletableFuture<AdminHost.LauncherRun> tokenPushOnTerminalInBackground(String... args) {
        List<String> argv = new ArrayList<>(List.of("-c", host.configFile().toString()));
        argv.addAll(List.of(args));
        CompletableFuture<AdminHost.LauncherRun> run = new CompletableFuture<>();
        Thread.ofPlatform()
                .name("token-push on a terminal " + String.join(" ", args))
                .daemon()
                .start(() -> {
                    try {
                        run.complete(host.runOnTerminal("token-push", argv, Duration.ofMinutes(6)));
                    } catch (Throwable t) {
                        run.completeExceptionally(t);
                    }
                });
        return run;
    }

    /** {@link #tokenPush} on another thread, for tests that act on the bed while the run is under way. */
    CompletableFuture<AdminHost.LauncherRun> tokenPushInBackground(String... args) {
        CompletableFuture<AdminHost.LauncherRun> run = new CompletableFuture<>();
        Thread.ofPlatform()
                .name("token-push " + String.join(" ", args))
                .daemon()
                .start(() -> {
                    try {
                        run.complete(tokenPush(args));
                    } catch (Throwable t) {
                        run.completeExceptionally(t);
                    }
                });
        return run;
    }

    /** Waits for a background run; a run that does not end in time is a test failure, not a hang. */
    static AdminHost.LauncherRun await(CompletableFuture<AdminHost.LauncherRun> run, Duration timeout) {
        try {
            return run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("token-push did not end within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError("token-push could not be run: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for token-push", e);
        }
    }

    /**
     * Runs the launcher as root (this JVM's user in CI), not as the operator: the environment the operator gets,
     * with root's own HOME.
     */
    AdminHost.LauncherRun tokenPushAsRoot(String... args) {
        List<String> argv = new ArrayList<>(List.of(
                AdminHost.locateRepo().resolve("bin/token-push").toString(),
                "-c",
                host.configFile().toString()));
        argv.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(standIns.withStandInsOnPath(bed.environment()));
        env.put("TMPDIR", host.tmpDir().toString());
        env.put("HOME", "/root");
        env.put("USER", "root");
        env.put("LOGNAME", "root");
        return new AdminHost.LauncherRun(new ProcessRunner(2)
                .run(Command.of(argv, env, Duration.ofMinutes(1)).withWorkingDirectory(host.work())));
    }

    AdminHost.LauncherRun tokenPushStatus(String... args) {
        List<String> argv =
                new ArrayList<>(List.of("status", "-c", host.configFile().toString()));
        argv.addAll(List.of(args));
        return host.run("token-push", argv, Duration.ofMinutes(1));
    }

    @Override
    public void close() {
        bed.close();
    }
}
