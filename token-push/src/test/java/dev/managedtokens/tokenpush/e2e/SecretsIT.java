package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.StoredCredential;
import dev.managedtokens.testbed.standins.VaultToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No token ever shows: the real vault and bearer tokens of a run (read back from the bed's Vault, the credds, the
 * nodes and the token files) appear neither in the run's log file, debug file, stdout or stderr, nor in the process
 * list while a storer is paused between its bearer-token copy and its store.
 */
class SecretsIT {

    static final String STORER = "salpha_prod";
    static final String GETTER = "sgamma_ana";

    static final List<String> TOKEN_PREFIXES = List.of("hvs.", "hvb.", "eyJ");

    static TokenPushHarness h;
    static AdminHost.LauncherRun firstRun;

    @BeforeAll
    static void startBedAndRun() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "salpha", "sgamma"));
        h.host.definePool("credd1.pool", "credd2.pool");
        h.host.onboard("salpha", "prod", "salpha");
        h.host.onboard("sgamma", "ana", "sgamma");
        h.seedUids("salpha", "sgamma");
        h.host.handStateToOperator();
        String node1 = h.bed.node("node1").hostName();
        h.writeConfigWithSettings(
                """
                salpha:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                sgamma:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                """.formatted(h.host.user("salpha"), node1, h.host.user("sgamma"), node1),
                """
                storerConcurrency: 4
                disableNotifications: true
                logs:
                  token-push:
                    logfile: %s
                    debugfile: %s
                timeouts:
                  globalTimeout: 120s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 60s
                  pingTimeout: 10s
                  pushTimeout: 20s
                """.formatted(logFile(), debugFile()));
        firstRun = h.tokenPush("--verbose");
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @Test
    void theLogsAndTheOutputOfARunHoldNoToken() throws IOException {
        assertEquals(0, firstRun.exit(), firstRun.toString());
        Set<String> secrets = secrets();
        String debug = Files.readString(debugFile());
        // Not vacuous: the debug file has the run's debug lines about both services.
        assertTrue(debug.contains(" level=debug "), debug);
        assertTrue(debug.contains(STORER) && debug.contains(GETTER), debug);
        assertNoSecret(
                secrets,
                TOKEN_PREFIXES,
                Map.of(
                        "debug file",
                        debug,
                        "log file",
                        Files.readString(logFile()),
                        "stdout",
                        firstRun.stdout(),
                        "stderr",
                        firstRun.stderr()));
    }

    @Test
    void theProcessListShowsNoTokenWhileAStorerHoldsOne() throws IOException {
        h.standIns.pauseAfterBearerCopy(STORER);
        CompletableFuture<AdminHost.LauncherRun> run = h.tokenPushInBackground("--verbose");
        List<String> processes;
        Set<String> secrets;
        long storerPid;
        try {
            if (!h.standIns.awaitPaused(STORER, Duration.ofSeconds(60))) {
                h.standIns.release(STORER);
                fail("the storer never reached its pause: " + TokenPushHarness.await(run, Duration.ofMinutes(2)));
            }
            // The storer now holds the new bearer token (copied to bt_u<uid>) and the vault token.
            secrets = secrets();
            processes = processList();
            storerPid = h.standIns.callLog("condor_vault_storer").getLast().pid();
        } finally {
            h.standIns.release(STORER);
        }
        AdminHost.LauncherRun r = TokenPushHarness.await(run, Duration.ofMinutes(2));
        assertEquals(0, r.exit(), r.toString());

        List<String> runTree = processTreeOf(processes, storerPid);
        assertTrue(
                runTree.stream().anyMatch(l -> l.contains("/condor_vault_storer ") && l.endsWith(" " + STORER)),
                "the paused storer is not in\n" + String.join("\n", runTree));
        assertTrue(runTree.stream().anyMatch(l -> l.contains("token-push.jar")), String.join("\n", runTree));
        // The known tokens are looked for in every process of the machine, anything token-like in this run's.
        assertNoSecret(secrets, List.of(), Map.of("process list", String.join("\n", processes)));
        assertNoSecret(secrets, TOKEN_PREFIXES, Map.of("process list of the run", String.join("\n", runTree)));
        assertNoSecret(
                secrets(),
                TOKEN_PREFIXES,
                Map.of("debug file", Files.readString(debugFile()), "stdout", r.stdout(), "stderr", r.stderr()));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertNoSecret(Set<String> secrets, List<String> prefixes, Map<String, String> texts) {
        assertFalse(secrets.isEmpty(), "no token found on the bed to look for");
        texts.forEach((what, text) -> {
            for (String secret : secrets) {
                int at = text.indexOf(secret);
                if (at >= 0) {
                    fail("the " + what + " holds a token: " + lineAround(text, at, secrets));
                }
            }
            for (String prefix : prefixes) {
                int at = text.indexOf(prefix);
                if (at >= 0) {
                    fail("the " + what + " holds something token-like (" + prefix + "): "
                            + lineAround(text, at, secrets));
                }
            }
        });
    }

    /**
     * Every token on the bed now: the vault tokens Vault ever minted, the ones the credds hold, and the contents of
     * every token file (bt_u* bearer tokens, vt_u* vault tokens) on the nodes, under the admin host's work directory
     * and in /tmp for this bed's services.
     */
    private static Set<String> secrets() {
        Set<String> secrets = new TreeSet<>();
        h.standIns.vaultTokens().stream().map(VaultToken::token).forEach(secrets::add);
        for (String credd : List.of("credd1.pool", "credd2.pool")) {
            h.standIns.credentials(credd).stream()
                    .map(StoredCredential::vaultToken)
                    .forEach(secrets::add);
        }
        List<Path> roots =
                new ArrayList<>(List.of(h.host.work(), h.bed.node("node1").tmpDir()));
        List<Path> files = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(SecretsIT::isTokenFile).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        int operator = h.bed.operator().uid();
        for (String service : List.of(STORER, GETTER)) {
            files.add(Path.of("/tmp/vt_u" + operator + "-" + service));
        }
        for (ServiceAccount a : List.of(h.bed.account("salpha"), h.bed.account("sgamma"))) {
            files.add(h.bed.node("node1").tmpDir().resolve("vt_u" + a.uid()));
        }
        for (Path f : files) {
            try {
                if (Files.isRegularFile(f)) {
                    String content = Files.readString(f).strip();
                    if (content.length() >= 16) secrets.add(content);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read token file " + f, e);
            }
        }
        secrets.removeIf(s -> s == null || s.length() < 16);
        return secrets;
    }

    private static boolean isTokenFile(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("bt_u") || name.startsWith("vt_u");
    }

    /** {@code ps -eo pid,ppid,args}: every process of the machine, one line each, with its whole command line. */
    private static List<String> processList() {
        CommandResult r = new ProcessRunner(1)
                .run(Command.of(
                        List.of("ps", "-eo", "pid=,ppid=,args=", "--width", "100000"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        Duration.ofSeconds(10)));
        assertTrue(r.succeeded(), r.describe() + r.stderr());
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * The lines of the run that {@code pid} (a storer) belongs to: token-push's JVM (the launcher execs it; it is
     * the storer's parent) and every process below it.
     */
    private static List<String> processTreeOf(List<String> processes, long pid) {
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, String> line = new HashMap<>();
        for (String l : processes) {
            String[] f = l.split("\\s+", 3);
            parent.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
            line.put(Long.parseLong(f[0]), l);
        }
        long top = parent.getOrDefault(pid, -1L);
        List<String> tree = new ArrayList<>();
        for (long p : line.keySet()) {
            for (long q = p; q > 1; q = parent.getOrDefault(q, 0L)) {
                if (q == top) {
                    tree.add(line.get(p));
                    break;
                }
            }
        }
        assertTrue(tree.size() >= 2, "the run's processes (JVM, storer) are not both in the list: " + tree);
        return tree;
    }

    /** The line around {@code at}, with every token in it masked: failure messages must not leak them either. */
    private static String lineAround(String text, int at, Set<String> secrets) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        String l = text.substring(start, end < 0 ? text.length() : end);
        for (String s : secrets) l = l.replace(s, s.substring(0, 4) + "****");
        return l.replaceAll("(hvs\\.|hvb\\.|eyJ)[A-Za-z0-9._-]+", "$1****");
    }

    private static Path logFile() {
        return h.host.work().resolve("token-push.log");
    }

    private static Path debugFile() {
        return h.host.work().resolve("token-push.debug.log");
    }
}
