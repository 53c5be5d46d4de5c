package dev.managedtokens.testbed;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.kdc.CredentialCacheFile;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The commands integration tests run against a bed (kinit, klist, ssh, rsync, ping), through the process runner. */
final class BedCommands {

    private static final ProcessRunner RUNNER = new ProcessRunner(8);
    private static final AtomicInteger CACHES = new AtomicInteger();

    private final Testbed bed;

    BedCommands(Testbed bed) {
        this.bed = bed;
    }

    /** The bed's environment with this credential cache. */
    Map<String, String> kerberosEnvironment(Path cache) {
        return Tools.environment(Map.of(
                "KRB5_CONFIG",
                bed.kdc().krb5ConfPath().toString(),
                "PATH",
                bed.environment().get("PATH"),
                "KRB5CCNAME",
                "FILE:" + cache));
    }

    /** A fresh cache path in the bed (nothing there yet). */
    Path newCachePath() {
        return bed.ccacheDir().resolve("it-" + CACHES.incrementAndGet());
    }

    /** An initialised cache naming {@code principal} but holding no ticket, owned by the operator. */
    Path cacheWithoutTicketsOwnedByOperator(String principal) {
        Path cache = newCachePath();
        CredentialCacheFile.writeWithoutTickets(cache, principal);
        BedFiles.chown(cache, bed.operator().uid(), bed.operator().gid());
        return cache;
    }

    CommandResult run(List<String> argv, Map<String, String> env) {
        return RUNNER.run(Command.of(argv, env, Duration.ofSeconds(30)));
    }

    /** Runs {@code argv} as the operator (the tool under test is never root). */
    CommandResult runAsOperator(List<String> argv, Map<String, String> env) {
        return run(bed.operator().runAs(argv), bed.operator().environment(env));
    }

    CommandResult kinitAsOperator(ServiceAccount account, Path cache) {
        return runAsOperator(
                List.of("kinit", "-k", "-t", account.keytab().toString(), account.principal()),
                kerberosEnvironment(cache));
    }

    List<String> sshCommand() {
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10"));
        ssh.addAll(bed.sshArguments());
        return ssh;
    }

    CommandResult sshAsOperator(ServiceAccount account, SubmitNode node, Path cache, String remoteCommand) {
        List<String> argv = new ArrayList<>(sshCommand());
        argv.add(account.user() + "@" + node.hostName());
        argv.add(remoteCommand);
        return runAsOperator(argv, kerberosEnvironment(cache));
    }

    /** rsync as token-push runs it: {@code --perms --chmod=u=r,go=} over GSSAPI ssh. */
    CommandResult pushAsOperator(Path source, ServiceAccount account, SubmitNode node, String destination, Path cache) {
        return runAsOperator(
                List.of(
                        "rsync",
                        "-e",
                        String.join(" ", sshCommand()),
                        "--perms",
                        "--chmod=u=r,go=",
                        source.toString(),
                        account.user() + "@" + node.hostName() + ":" + destination),
                kerberosEnvironment(cache));
    }

    CommandResult ping(SubmitNode node) {
        return run(List.of("ping", "-W", "1", "-c", "1", node.hostName()), Tools.BASE_ENVIRONMENT);
    }

    /** Assertion message: the command and everything it printed. */
    static String explain(CommandResult r) {
        return String.join(" ", r.command().argv()) + " -> " + r.describe() + "\n" + r.combinedOutput();
    }
}
