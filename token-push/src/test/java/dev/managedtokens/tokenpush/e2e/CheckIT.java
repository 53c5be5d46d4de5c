package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.mail.MailServer;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.StoredCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code token-push check} on a bed where a clean run has just pushed every token: a healthy bed checks clean and is
 * left exactly as it was; each way of breaking one link shows at that link, naming the host or file, while the other
 * services stay clean.
 */
class CheckIT {

    static final String VICTIM = "ckvictim_prod";
    static final String STORER = "ckalpha_prod";
    static final String GETTER = "ckgamma_ana";
    static final List<String> SERVICES = List.of(STORER, GETTER, VICTIM);
    static final List<String> CREDDS = List.of("credd1.pool", "credd2.pool");
    static final String SETTINGS = """
            storerConcurrency: 4
            disableNotifications: true
            pingOptions: "-W 1"
            timeouts:
              globalTimeout: 60s
              kerberosTimeout: 5s
              vaultStorerTimeout: 20s
              pingTimeout: 5s
              pushTimeout: 15s
            """;

    static TokenPushHarness h;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startBedAndRunOnce() {
        h = TokenPushHarness.start(TestbedSpec.of(2, "alpha", "gamma", "victim")
                .withUnpingableNode()
                .withSshdDownNode());
        h.host.definePool(CREDDS.toArray(String[]::new));
        h.host.onboard("ckalpha", "prod", "alpha");
        h.host.onboard("ckgamma", "ana", "gamma");
        h.host.onboard("ckvictim", "prod", "victim");
        h.seedUids("alpha", "gamma", "victim");
        h.host.handStateToOperator();
        h.writeConfigWithSettings(experiments(""), SETTINGS);
        AdminHost.LauncherRun first = h.tokenPush();
        assertEquals(0, first.exit(), "the clean run before the checks failed: " + first);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @BeforeEach
    void healthyConfiguration() {
        h.writeConfigWithSettings(experiments(""), SETTINGS);
        if (!h.bed.kdc().isRunning()) h.bed.kdc().start();
    }

    /** The victim stores in both credds and goes to node1 and node2; {@code victimYaml} adds to its role. */
    static String experiments(String victimYaml) {
        String node1 = h.bed.node("node1").hostName();
        String node2 = h.bed.node("node2").hostName();
        return """
                ckalpha:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                ckgamma:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                ckvictim:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s, %s]
                %s""".formatted(
                        h.host.user("alpha"),
                        node1,
                        h.host.user("gamma"),
                        node2,
                        h.host.user("victim"),
                        node1,
                        node2,
                        victimYaml.strip().indent(6));
    }

    // ------------------------------------------------------------------------------------------ healthy

    @Test
    void aHealthyBedChecksCleanAndTheNodeAgesAreTheFilesMtimes() throws IOException {
        long before = Instant.now().getEpochSecond();
        Check c = check();
        long after = Instant.now().getEpochSecond();
        assertEquals(0, c.exit(), c.toString());
        for (String s : SERVICES) {
            for (JsonNode link : c.links(s)) {
                assertTrue(List.of("ok", "skipped").contains(link.get("verdict").asText()), s + ": " + link + "\n" + c);
            }
        }
        // Every link the issue names is there for a storing service, each ok.
        List<String> kinds = c.links(VICTIM).stream()
                .map(l -> l.get("link").asText())
                .distinct()
                .toList();
        assertEquals(
                List.of("setup", "keytab", "kerberos", "pool", "credd", "local", "ping", "node"), kinds, c.toString());
        assertEquals(
                2,
                c.links(VICTIM).stream()
                        .filter(l -> l.get("link").asText().equals("credd"))
                        .filter(l -> l.get("verdict").asText().equals("ok"))
                        .count(),
                c.toString());
        // The operator's environment has no UTF-8 locale: the table's marks are ASCII there.
        assertTrue(c.table().contains("+ keytab"), c.table());
        assertTrue(c.table().contains(", 0 X, "), c.table());

        ServiceAccount victim = h.bed.account("victim");
        for (String nodeName : List.of("node1", "node2")) {
            SubmitNode node = h.bed.node(nodeName);
            JsonNode link = c.link(VICTIM, "node", node.hostName());
            for (Path p : AdminHost.tokenFilesOn(node, victim, "ckvictim_prod")) {
                JsonNode f = file(link, "/tmp/" + p.getFileName());
                long mtime = Files.getLastModifiedTime(p).toInstant().getEpochSecond();
                assertEquals(mtime, f.get("mtimeEpochSecond").asLong(), "mtime of " + p + " as the check read it");
                // The node's clock is this host's: the age is "now - mtime" at some moment during the check.
                long age = f.get("ageSeconds").asLong();
                assertTrue(age >= before - mtime - 1 && age <= after - mtime + 1, "age of " + p + ": " + f);
                assertEquals(victim.uid(), f.get("uid").asInt(), f.toString());
                assertEquals("0400", f.get("mode").asText(), f.toString());
                assertEquals(Files.size(p), f.get("size").asLong(), f.toString());
            }
        }
    }

    @Test
    void experimentAndServiceSelectTheServicesChecked() throws IOException {
        AdminHost.LauncherRun byExperiment = h.host.run(
                "token-push",
                List.of("check", "-c", h.host.configFile().toString(), "--json", "-e", "ckgamma"),
                Duration.ofMinutes(2));
        assertEquals(0, byExperiment.exit(), byExperiment.toString());
        assertEquals(List.of(GETTER), JSON.readTree(byExperiment.stdout()).findValuesAsText("service"));
        AdminHost.LauncherRun byService = h.host.run(
                "token-push",
                List.of("check", "-c", h.host.configFile().toString(), "-s", VICTIM),
                Duration.ofMinutes(2));
        assertEquals(0, byService.exit(), byService.toString());
        assertTrue(byService.stdout().startsWith(VICTIM + "  (account "), byService.toString());
        assertFalse(byService.stdout().contains(STORER), byService.toString());
        AdminHost.LauncherRun none = h.host.run(
                "token-push",
                List.of("check", "-c", h.host.configFile().toString(), "-e", "nosuch"),
                Duration.ofMinutes(2));
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.stderr().contains("no service selected"), none.toString());
    }

    @Test
    void aCheckChangesNothing() {
        List<Path> nodeFiles = new ArrayList<>();
        for (String s : List.of("alpha", "gamma", "victim")) {
            for (SubmitNode n : h.bed.nodes()) {
                String svc = switch (s) {
                    case "alpha" -> STORER;
                    case "gamma" -> GETTER;
                    default -> VICTIM;
                };
                AdminHost.tokenFilesOn(n, h.bed.account(s), svc).stream()
                        .filter(Files::isRegularFile)
                        .forEach(nodeFiles::add);
            }
        }
        List<Path> localFiles = list(h.host.tokenRoot());
        FileStates nodes = FileStates.of(nodeFiles);
        FileStates local = FileStates.of(localFiles);
        FileStates db = FileStates.of(List.of(h.host.dbFile()));
        List<Path> dbDir = list(h.host.dbFile().getParent());
        List<Path> tmp = list(h.host.tmpDir());
        Map<String, List<StoredCredential>> creds = Map.of(
                "credd1.pool",
                h.standIns.credentials("credd1.pool"),
                "credd2.pool",
                h.standIns.credentials("credd2.pool"));
        int minted = h.standIns.mintedVaultTokens();
        int callsBefore = h.standIns.callLog().size();
        assertFalse(nodeFiles.isEmpty());
        assertFalse(localFiles.isEmpty());

        Check c = check();
        assertEquals(0, c.exit(), c.toString());

        nodes.assertUnchanged("node token files after a check");
        local.assertUnchanged("local token copies after a check");
        db.assertUnchanged("the database after a check");
        assertEquals(dbDir, list(h.host.dbFile().getParent()), "files beside the database after a check");
        creds.forEach(
                (credd, before) -> assertEquals(before, h.standIns.credentials(credd), "credentials in " + credd));
        assertEquals(minted, h.standIns.mintedVaultTokens(), "vault tokens minted by a check");
        List<Call> calls =
                h.standIns.callLog().subList(callsBefore, h.standIns.callLog().size());
        for (Call call : calls) {
            assertFalse(
                    call.tool().equals("condor_vault_storer") || call.tool().equals("htgettoken"),
                    "a check ran " + call);
            if (call.tool().equals("condor_store_cred")) {
                assertEquals("query-oauth", call.argv().get(0), call.toString());
            }
        }
        // check() runs the check twice (JSON and table): one query per credd of each storing service each time.
        assertEquals(
                2 * 4,
                calls.stream().filter(x -> x.tool().equals("condor_store_cred")).count(),
                "one query per credd of each storing service: " + calls);
        // No ticket cache or other file left in the temp directory (the run's own files stay as they were).
        assertEquals(tmp, list(h.host.tmpDir()), "left in TMPDIR by a check");
    }

    @Test
    void whileTheHourlyRunIsGoingTheCheckRunsWithoutTheRunLock() {
        // The run holds its lock for as long as the victim's storer waits at the stand-in's pause.
        h.standIns.pauseAfterBearerCopy(STORER);
        var run = h.tokenPushInBackground("-s", STORER);
        try {
            assertTrue(
                    h.standIns.awaitPaused(STORER, Duration.ofSeconds(60)), "the run's storer did not reach the pause");
            assertTrue(Files.exists(Path.of(h.host.dbFile() + ".lock")), "precondition: the run's lock file");
            AdminHost.LauncherRun busy = h.tokenPush("-s", GETTER);
            assertEquals(
                    1, busy.exit(), "precondition: a second run is refused while the first holds the lock: " + busy);
            Check c = check();
            assertFalse(run.isDone(), "the run went on before the check ended");
            assertTrue(c.exit() == 0 || c.exit() == 3, c.toString());
            for (String s : SERVICES) {
                for (String link : List.of("setup", "keytab", "kerberos")) {
                    assertEquals("ok", c.only(s, link).get("verdict").asText(), s + " " + link + ": " + c);
                }
            }
            assertFalse(c.run().stderr().contains("lock"), c.toString());
        } finally {
            h.standIns.release(STORER);
        }
        AdminHost.LauncherRun finished = TokenPushHarness.await(run, Duration.ofMinutes(2));
        assertEquals(0, finished.exit(), finished.toString());
    }

    // ------------------------------------------------------------------------------------------ broken links

    @Test
    void kdcDown() {
        h.bed.kdc().stop();
        Check c = check();
        assertEquals(3, c.exit(), c.toString());
        for (String s : SERVICES) {
            JsonNode k = c.only(s, "kerberos");
            assertEquals("failed", k.get("verdict").asText(), k.toString());
            assertTrue(k.get("reason").asText().contains(h.bed.realm()), "names the realm: " + k);
            assertEquals("ok", c.only(s, "keytab").get("verdict").asText(), "the keytab is fine: " + c);
        }
    }

    @Test
    void keytabReadableByOthers() throws IOException {
        Path keytab = h.bed.account("victim").keytab();
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Check c = check();
            assertEquals(3, c.exit(), c.toString());
            JsonNode k = c.only(VICTIM, "keytab");
            assertEquals("failed", k.get("verdict").asText(), k.toString());
            assertTrue(k.get("reason").asText().contains(keytab.toString()), k.toString());
            assertTrue(k.get("advice").asText().length() > 0, k.toString());
            othersClean(c);
        } finally {
            Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void wrongPrincipal() {
        String wrong = "someoneelse/managedtokens/" + h.bed.adminHost() + "@" + h.bed.realm();
        h.writeConfigWithSettings(experiments("userPrincipalOverride: " + wrong), SETTINGS);
        Check c = check();
        assertEquals(3, c.exit(), c.toString());
        JsonNode k = c.only(VICTIM, "keytab");
        assertEquals("failed", k.get("verdict").asText(), k.toString());
        assertTrue(k.get("reason").asText().contains(wrong), k.toString());
        assertTrue(k.get("reason").asText().contains(h.bed.account("victim").principal()), "says what it holds: " + k);
        othersClean(c);
    }

    @Test
    void collectorDown() {
        h.writeConfigWithSettings(experiments("condorCollectorHostOverride: gone.pool"), SETTINGS);
        Check c = check();
        assertEquals(3, c.exit(), c.toString());
        JsonNode p = c.only(VICTIM, "pool");
        assertEquals("failed", p.get("verdict").asText(), p.toString());
        assertTrue(p.get("reason").asText().contains("gone.pool"), p.toString());
        othersClean(c);
    }

    @Test
    void noCredentialInOneCredd() throws IOException {
        Path creds = h.standIns.stateDir().resolve("credds/credd2.pool/creds");
        Path stored;
        try (Stream<Path> files = Files.walk(creds)) {
            stored = files.filter(f -> f.getFileName().toString().equals(VICTIM))
                    .findFirst()
                    .orElseThrow();
        }
        Path aside = h.bed.dir().resolve("aside-" + VICTIM);
        Files.move(stored, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Check c = check();
            assertEquals(3, c.exit(), c.toString());
            assertEquals(
                    "ok", c.link(VICTIM, "credd", "credd1.pool").get("verdict").asText(), c.toString());
            JsonNode two = c.link(VICTIM, "credd", "credd2.pool");
            assertEquals("failed", two.get("verdict").asText(), two.toString());
            assertTrue(two.get("reason").asText().contains("credd2.pool"), two.toString());
            assertTrue(two.get("reason").asText().contains("no credential"), two.toString());
            othersClean(c);
        } finally {
            Files.move(aside, stored, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Test
    void beforeTheRunsFirstStoreTheQueryDoesNotAuthenticateWithTmpsBearerToken() throws IOException {
        // The victim's private runtime directory does not exist yet (as before its first store), and /tmp/bt_u<uid>
        // holds another service's valid bearer token (as the Go service leaves it): HTCondor's discovery would
        // take it, and the credd would look under the other service's identity.
        Path runtime = h.host.dbFile().getParent().resolve("xdg-runtime").resolve(VICTIM);
        Path aside = h.bed.dir().resolve("aside-xdg-" + VICTIM);
        Path alphasToken = h.host.dbFile()
                .getParent()
                .resolve("xdg-runtime")
                .resolve(STORER)
                .resolve("bt_u" + h.bed.operator().uid());
        Path tmpToken = Path.of("/tmp/bt_u" + h.bed.operator().uid());
        assertFalse(Files.exists(tmpToken), "precondition: " + tmpToken + " is not there");
        Files.move(runtime, aside, StandardCopyOption.ATOMIC_MOVE);
        Files.copy(alphasToken, tmpToken);
        h.host.chownToOperator(tmpToken);
        try {
            Check c = check();
            assertEquals(0, c.exit(), c.toString());
            for (String credd : CREDDS) {
                assertEquals("ok", c.link(VICTIM, "credd", credd).get("verdict").asText(), c.toString());
            }
            assertFalse(Files.exists(runtime), "the check created the run's runtime directory");
        } finally {
            Files.delete(tmpToken);
            Files.move(aside, runtime, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Test
    void nodeNotAnsweringPing() {
        String unpingable = h.bed.unpingableNode().orElseThrow().hostName();
        h.writeConfigWithSettings(
                experiments("")
                        .replace(
                                "destinationNodes: [" + h.bed.node("node1").hostName() + ", "
                                        + h.bed.node("node2").hostName() + "]",
                                "destinationNodes: [" + h.bed.node("node1").hostName() + ", " + unpingable + "]"),
                SETTINGS);
        Check c = check();
        assertEquals(3, c.exit(), c.toString());
        JsonNode ping = c.link(VICTIM, "ping", unpingable);
        assertEquals("failed", ping.get("verdict").asText(), ping.toString());
        assertTrue(ping.get("reason").asText().contains(unpingable), ping.toString());
        assertEquals(
                "ok",
                c.link(VICTIM, "ping", h.bed.node("node1").hostName())
                        .get("verdict")
                        .asText());
        othersClean(c);
    }

    @Test
    void sshdDown() {
        String down = h.bed.sshdDownNode().orElseThrow().hostName();
        h.writeConfigWithSettings(
                experiments("")
                        .replace(
                                "destinationNodes: [" + h.bed.node("node1").hostName() + ", "
                                        + h.bed.node("node2").hostName() + "]",
                                "destinationNodes: [" + h.bed.node("node1").hostName() + ", " + down + "]"),
                SETTINGS);
        Check c = check();
        assertEquals(3, c.exit(), c.toString());
        assertEquals("ok", c.link(VICTIM, "ping", down).get("verdict").asText(), "it answers ping: " + c);
        JsonNode node = c.link(VICTIM, "node", down);
        assertEquals("failed", node.get("verdict").asText(), node.toString());
        assertTrue(node.get("reason").asText().contains(down), node.toString());
        assertTrue(node.get("reason").asText().contains("ssh"), node.toString());
        assertEquals(
                "ok",
                c.link(VICTIM, "node", h.bed.node("node1").hostName())
                        .get("verdict")
                        .asText());
        othersClean(c);
    }

    @Test
    void tokenFileMissingOnOneNode() throws IOException {
        SubmitNode node2 = h.bed.node("node2");
        Path file =
                AdminHost.tokenFilesOn(node2, h.bed.account("victim"), VICTIM).get(1);
        Path aside = node2.dir().resolve("aside");
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        try {
            Check c = check();
            assertEquals(3, c.exit(), c.toString());
            JsonNode node = c.link(VICTIM, "node", node2.hostName());
            assertEquals("failed", node.get("verdict").asText(), node.toString());
            assertTrue(
                    node.get("reason")
                            .asText()
                            .contains("/tmp/" + file.getFileName() + " is missing on " + node2.hostName()),
                    node.toString());
            assertEquals(
                    "ok",
                    c.link(VICTIM, "node", h.bed.node("node1").hostName())
                            .get("verdict")
                            .asText());
            othersClean(c);
        } finally {
            Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Test
    void staleTokenOnOneNodeIsAWarning() throws IOException {
        SubmitNode node1 = h.bed.node("node1");
        Path file =
                AdminHost.tokenFilesOn(node1, h.bed.account("victim"), VICTIM).get(0);
        FileTime before = Files.getLastModifiedTime(file);
        // Older than the default threshold of two run intervals (2h).
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        try {
            Check c = check();
            assertEquals(3, c.exit(), c.toString());
            JsonNode node = c.link(VICTIM, "node", node1.hostName());
            assertEquals("warning", node.get("verdict").asText(), node.toString());
            assertTrue(
                    node.get("reason")
                            .asText()
                            .contains("/tmp/" + file.getFileName() + " on " + node1.hostName() + " is stale"),
                    node.toString());
            assertTrue(c.table().contains("! node"), c.table());
            othersClean(c);
        } finally {
            Files.setLastModifiedTime(file, before);
        }
    }

    @Test
    void aLongerConfiguredThresholdAcceptsTheSameAge() throws IOException {
        SubmitNode node1 = h.bed.node("node1");
        Path file =
                AdminHost.tokenFilesOn(node1, h.bed.account("victim"), VICTIM).get(0);
        FileTime before = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        h.writeConfigWithSettings(experiments(""), SETTINGS + "checkStaleTokenAge: 4h\n");
        try {
            Check c = check();
            assertEquals(0, c.exit(), c.toString());
        } finally {
            Files.setLastModifiedTime(file, before);
        }
    }

    // ------------------------------------------------------------------------------------------ shared links

    @Test
    void sharedLinksAnswerWithoutAMailAndTheNodeAgesArePushedToTheirOwnGroup() throws Exception {
        h.bed.pushgateway().wipe();
        try (MailServer smtp = MailServer.smtp()) {
            h.writeConfigWithSettings(
                    experiments(""),
                    SETTINGS + """
                    prometheus:
                      host: %s
                    email:
                      smtpHost: 127.0.0.1
                      smtpPort: %d
                    notifications:
                      SLACK_ALERTS_URL: http://127.0.0.1:9/services/not/called
                    """.formatted(h.bed.pushgateway().url(), smtp.port()));
            AdminHost.LauncherRun run = h.host.run(
                    "token-push",
                    List.of("check", "-c", h.host.configFile().toString(), "--json", "--push-metrics"),
                    Duration.ofMinutes(2));
            assertEquals(0, run.exit(), run.toString());
            JsonNode json = JSON.readTree(run.stdout());
            for (String link : List.of("pushgateway", "smtp", "slack", "database")) {
                JsonNode l = sharedLink(json, link);
                assertEquals("ok", l.get("verdict").asText(), l.toString());
            }
            assertFalse(sharedLink(json, "slack").toString().contains("/services/"), "the webhook URL is a secret");
            assertEquals(List.of(), smtp.received(), "a check sends no mail");

            MetricSamples pushed = MetricSamples.parse(h.bed.pushgateway().metricsText());
            // Its one metric only: none of the run's, not even the unlabelled gauges as 0.
            for (String runs : List.of("stage_duration_seconds", "failed_services_push_count")) {
                assertEquals(List.of(), pushed.all(runs), runs + " pushed by a check: " + pushed.dump());
            }
            String node1 = h.bed.node("node1").hostName();
            Check c = new Check(run, json, "");
            long ageOnNode = c.link(VICTIM, "node", node1).get("files").findValues("ageSeconds").stream()
                    .mapToLong(JsonNode::asLong)
                    .max()
                    .orElseThrow();
            assertEquals(
                    ageOnNode,
                    (long) pushed.value(
                            "managed_tokens_node_token_age_seconds",
                            "service",
                            VICTIM,
                            "node",
                            node1,
                            "executable",
                            "token-push-check"),
                    pushed.dump());
        }
    }

    static JsonNode sharedLink(JsonNode json, String link) {
        for (JsonNode l : json.get("shared")) {
            if (l.get("link").asText().equals(link)) return l;
        }
        throw new AssertionError("no shared link " + link + " in " + json);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Every link of the services other than the victim is ok or skipped. */
    static void othersClean(Check c) {
        for (String s : List.of(STORER, GETTER)) {
            for (JsonNode link : c.links(s)) {
                assertTrue(
                        List.of("ok", "skipped").contains(link.get("verdict").asText()),
                        "bystander " + s + " affected: " + link + "\n" + c);
            }
        }
    }

    static JsonNode file(JsonNode link, String path) {
        for (JsonNode f : link.get("files")) {
            if (f.get("path").asText().equals(path)) return f;
        }
        throw new AssertionError("no " + path + " in " + link);
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the check twice as the operator: as JSON (asserted on) and as the table (shown in messages). */
    static Check check() {
        AdminHost.LauncherRun json = h.host.run(
                "token-push", List.of("check", "-c", h.host.configFile().toString(), "--json"), Duration.ofMinutes(2));
        AdminHost.LauncherRun table = h.host.run(
                "token-push", List.of("check", "-c", h.host.configFile().toString()), Duration.ofMinutes(2));
        assertEquals(json.exit(), table.exit(), "the table's exit status and the JSON's: " + table + json);
        try {
            return new Check(json, JSON.readTree(json.stdout()), table.stdout());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    record Check(AdminHost.LauncherRun run, JsonNode json, String table) {
        int exit() {
            return run.exit();
        }

        List<JsonNode> links(String service) {
            for (JsonNode s : json.get("services")) {
                if (s.get("service").asText().equals(service)) {
                    List<JsonNode> out = new ArrayList<>();
                    s.get("links").forEach(out::add);
                    return out;
                }
            }
            throw new AssertionError("no service " + service + " in " + this);
        }

        JsonNode only(String service, String link) {
            List<JsonNode> found = links(service).stream()
                    .filter(l -> l.get("link").asText().equals(link))
                    .toList();
            assertEquals(1, found.size(), link + " of " + service + ": " + this);
            return found.get(0);
        }

        JsonNode link(String service, String link, String subject) {
            return links(service).stream()
                    .filter(l -> l.get("link").asText().equals(link)
                            && l.get("subject").asText().equals(subject))
                    .findFirst()
                    .orElseThrow(
                            () -> new AssertionError("no " + link + " " + subject + " for " + service + ": " + this));
        }

        @Override
        public String toString() {
            return "exit " + run.exit() + "\n" + table + "\n--- stderr ---\n" + run.stderr();
        }
    }
}
