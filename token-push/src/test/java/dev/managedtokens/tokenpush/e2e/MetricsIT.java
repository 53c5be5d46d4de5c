package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's metrics as the bed's real Pushgateway holds them: four services, each meeting its own fault (storer
 * needing authentication in both credds, a push to the sshd-down node, a wrong principal for kinit, and a node that
 * does not answer ping but still gets its token), then the catalogue metrics the run should have set, with their
 * labels and values, in the group {@code job="managed_tokens", executable="token-push"}.
 */
class MetricsIT {

    static final String STORE_FAILS = "malpha_prod";
    static final String PUSH_FAILS = "mbeta_prod";
    static final String GETTOKEN_OK = "mgamma_ana";
    static final String KINIT_FAILS = "mdelta_prod";
    static final List<String> CREDDS = List.of("credd1.pool", "credd2.pool");
    static final String JOB = "managed_tokens";

    static TokenPushHarness h;
    static String node1;
    static String node2;
    static String nosshd;
    static String noping;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(2, "malpha", "mbeta", "mgamma", "mdelta")
                .withUnpingableNode()
                .withSshdDownNode());
        h.host.definePool(CREDDS.toArray(String[]::new));
        h.host.onboard("malpha", "prod", "malpha");
        h.host.onboard("mbeta", "prod", "mbeta");
        h.host.onboard("mgamma", "ana", "mgamma");
        h.host.onboard("mdelta", "prod", "mdelta");
        h.seedUids("malpha", "mbeta", "mgamma", "mdelta");
        h.host.handStateToOperator();
        node1 = h.bed.node("node1").hostName();
        node2 = h.bed.node("node2").hostName();
        nosshd = h.bed.sshdDownNode().orElseThrow().hostName();
        noping = h.bed.unpingableNode().orElseThrow().hostName();
        h.standIns.setFailureMode(FailureTarget.service(STORE_FAILS), FailureMode.AUTH_NEEDED);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @BeforeEach
    void wipeTheGateway() {
        h.bed.pushgateway().wipe();
    }

    @Test
    void theGatewayHoldsTheCatalogueMetricsOfARunWithInjectedFaults() throws Exception {
        Instant before = Instant.now();
        AdminHost.LauncherRun r = run(h.bed.pushgateway().url());
        long after = Instant.now().getEpochSecond() + 1;
        assertEquals(3, r.exit(), r.toString());
        MetricSamples all = MetricSamples.parse(h.bed.pushgateway().metricsText());
        MetricSamples m = all.group(JOB, "token-push");

        // Failures: exactly the injected faults.
        assertEquals(3, m.value("failed_services_push_count"), m.dump());
        assertEquals(1, m.value("failed_kinit_count", "service", KINIT_FAILS), m.dump());
        assertEquals(List.of(KINIT_FAILS), m.labelValues("failed_kinit_count", "service"), m.dump());
        for (String credd : CREDDS) {
            assertEquals(
                    1, m.value("failed_vault_token_store_count", "service", STORE_FAILS, "credd", credd), m.dump());
        }
        assertEquals(List.of(STORE_FAILS), m.labelValues("failed_vault_token_store_count", "service"), m.dump());
        assertEquals(1, m.value("failed_ping_count", "node", noping), m.dump());
        assertEquals(List.of(noping), m.labelValues("failed_ping_count", "node"), m.dump());
        // Both vault-token files (vt_u<uid> and vt_u<uid>-<service>) failed on the node without sshd.
        assertEquals(2, m.value("failed_token_push_count", "service", PUSH_FAILS, "node", nosshd), m.dump());
        assertEquals(1, m.all("failed_token_push_count").size(), m.dump());
        assertTrue(m.all("failed_vault_token_get_count").isEmpty(), m.dump());

        // Successes, with durations and timestamps of this run.
        for (String s : List.of(STORE_FAILS, PUSH_FAILS, GETTOKEN_OK)) {
            assertTrue(m.value("kinit_duration_seconds", "service", s) > 0, m.dump());
        }
        assertTrue(m.find("kinit_duration_seconds", "service", KINIT_FAILS).isEmpty(), m.dump());
        for (String credd : CREDDS) {
            assertWithin(m.value("last_token_store_timestamp", "service", PUSH_FAILS, "credd", credd), before, after);
            assertTrue(m.value("token_store_duration_seconds", "service", PUSH_FAILS, "credd", credd) > 0, m.dump());
        }
        assertEquals(List.of(PUSH_FAILS), m.labelValues("last_token_store_timestamp", "service"), m.dump());
        assertWithin(m.value("last_token_get_timestamp", "service", GETTOKEN_OK), before, after);
        assertTrue(m.value("token_get_duration_seconds", "service", GETTOKEN_OK) > 0, m.dump());
        for (String node : List.of(node1, node2, nosshd)) {
            assertEquals(1, m.value("ping_duration_seconds_count", "node", node), m.dump());
        }
        assertTrue(m.find("ping_duration_seconds_count", "node", noping).isEmpty(), m.dump());
        assertEquals(
                12,
                m.all("ping_duration_seconds_bucket").stream()
                        .filter(s -> node1.equals(s.label("node")))
                        .count(),
                "the Go client's default buckets .005 ... 10 and +Inf\n" + m.dump());
        // The timestamp only for the nodes of a service whose pushes all succeeded: gamma's, the unpingable included.
        assertWithin(m.value("last_token_push_timestamp", "service", GETTOKEN_OK, "node", node2), before, after);
        assertWithin(m.value("last_token_push_timestamp", "service", GETTOKEN_OK, "node", noping), before, after);
        assertEquals(2, m.all("last_token_push_timestamp").size(), m.dump());
        assertTrue(m.value("token_push_duration_seconds", "service", PUSH_FAILS, "node", node1) > 0, m.dump());

        // One duration per stage the run went through, under the executable label.
        assertEquals(
                List.of(
                        "cleanup",
                        "getKerberosTickets",
                        "getTokens",
                        "pingNodes",
                        "pushTokens",
                        "setup",
                        "storeAndGetTokens"),
                m.labelValues("stage_duration_seconds", "stage"),
                m.dump());
        for (MetricSamples.Sample s : m.all("stage_duration_seconds")) {
            assertEquals("token-push", s.label("executable"), s.toString());
            assertTrue(s.value() >= 0 && s.value() < 120, s.toString());
        }
        // Unlabelled metrics that token-push never sets are exported as the Go service exports them.
        assertEquals(0, m.value("ferry_request_error_count"), m.dump());
        assertEquals(0, m.value("service_error_email_send_duration_seconds_count"), m.dump());
        // Notifications are off in this configuration: no counts were touched.
        assertTrue(m.all("current_setup_error_count").isEmpty(), m.dump());
        // Nothing was pushed anywhere else.
        assertEquals(all.dump(), m.dump());
    }

    @Test
    void aTokenPushRunReplacesItsOwnGroupAndLeavesRefreshUidsFromFerrysAlone() throws Exception {
        putGroup("refresh-uids-from-ferry", "managed_tokens_last_ferry_refresh 1.7e+09\n");
        AdminHost.LauncherRun failing = run(h.bed.pushgateway().url());
        assertEquals(3, failing.exit(), failing.toString());
        AdminHost.LauncherRun healthyOnly = run(h.bed.pushgateway().url(), "-s", GETTOKEN_OK);
        assertEquals(0, healthyOnly.exit(), healthyOnly.toString());

        MetricSamples all = MetricSamples.parse(h.bed.pushgateway().metricsText());
        assertEquals(1.7e9, all.group(JOB, "refresh-uids-from-ferry").value("last_ferry_refresh"), all.dump());
        MetricSamples m = all.group(JOB, "token-push");
        // The second run's PUT replaced the first run's group: its failures are gone.
        assertEquals(0, m.value("failed_services_push_count"), m.dump());
        assertTrue(m.all("failed_vault_token_store_count").isEmpty(), m.dump());
        assertTrue(m.all("failed_kinit_count").isEmpty(), m.dump());
        assertEquals(List.of(GETTOKEN_OK), m.labelValues("last_token_push_timestamp", "service"), m.dump());
    }

    @Test
    void aPushgatewayThatIsDownCostsOneLoggedErrorAndNothingElse() throws Exception {
        AdminHost.LauncherRun up = run(h.bed.pushgateway().url());
        List<String> errorsUp = errorLines();
        AdminHost.LauncherRun down = run("http://127.0.0.1:" + NotificationsIT.closedPort());
        List<String> errorsDown = errorLines();

        assertEquals(up.exit(), down.exit(), down.toString());
        assertEquals(3, down.exit(), down.toString());
        assertEquals(summary(up), summary(down), "the run went otherwise differently with the gateway down");
        List<String> gatewayErrors = errorsDown.stream()
                .filter(l -> l.toLowerCase().contains("pushgateway"))
                .toList();
        assertEquals(1, gatewayErrors.size(), String.join("\n", errorsDown));
        assertEquals(
                errorsUp.size() + 1,
                errorsDown.size(),
                "with the gateway up:\n" + String.join("\n", errorsUp) + "\nwith it down:\n"
                        + String.join("\n", errorsDown));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static AdminHost.LauncherRun run(String pushgatewayUrl, String... args) throws IOException {
        Files.deleteIfExists(logFile());
        h.writeConfigWithSettings(experiments(), """
                storerConcurrency: 4
                disableNotifications: true
                pingOptions: "-W 1"
                prometheus:
                  host: %s
                logs:
                  token-push:
                    logfile: %s
                timeouts:
                  globalTimeout: 60s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 5s
                  pushTimeout: 20s
                """.formatted(pushgatewayUrl, logFile()));
        return h.tokenPush(args);
    }

    private static Path logFile() {
        return h.host.work().resolve("token-push.log");
    }

    private static List<String> errorLines() throws IOException {
        return Files.readAllLines(logFile()).stream()
                .filter(l -> l.contains(" level=error "))
                .toList();
    }

    /** The summary lines of a run (OK/FAILED per service), without durations. */
    private static List<String> summary(AdminHost.LauncherRun r) {
        return r.stdout()
                .lines()
                .filter(l -> l.startsWith("  OK  ") || l.startsWith("  FAILED  "))
                .map(l -> l.replaceAll("\\d+(\\.\\d+)?\\s*m?s\\b", ""))
                .toList();
    }

    private static void assertWithin(double epochSeconds, Instant from, long toEpochSecond) {
        assertTrue(
                epochSeconds >= from.getEpochSecond() && epochSeconds <= toEpochSecond,
                epochSeconds + " is not between " + from.getEpochSecond() + " and " + toEpochSecond);
    }

    /** PUTs a group as another executable would, to check that token-push's PUT leaves it alone. */
    private static void putGroup(String executable, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(h.bed.pushgateway().url() + "/metrics/job/" + JOB
                                        + "/executable/" + executable))
                                .timeout(Duration.ofSeconds(5))
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() / 100 == 2, r.statusCode() + " " + r.body());
    }

    static String experiments() {
        return """
                malpha:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                mbeta:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s, %s]
                mgamma:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s, %s]
                      tokenGetterOverride: getToken
                mdelta:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                      userPrincipalOverride: %s
                """.formatted(
                        h.host.user("malpha"),
                        node1,
                        h.host.user("mbeta"),
                        node1,
                        nosshd,
                        h.host.user("mgamma"),
                        node2,
                        noping,
                        h.host.user("mdelta"),
                        node1,
                        h.bed.account("malpha").principal());
    }
}
