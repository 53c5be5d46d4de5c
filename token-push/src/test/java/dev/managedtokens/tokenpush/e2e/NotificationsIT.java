package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.httptest.Receiver;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.mail.MailServer;
import dev.managedtokens.testbed.slack.SlackWebhookReceiver;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Notifications of real runs, as the operator, against a real SMTP server (GreenMail) and a Slack webhook receiver:
 * one service whose storer needs authentication (a setup error: admins only), one whose push to the sshd-down node
 * fails (a push error: its stakeholders and the admins), one healthy. Checks the messages' recipients, subjects and
 * fixed sentences, the consecutive-error counts in the database through {@code token-push status}, disabling by flag
 * and per service, and that an SMTP server that is down changes neither the exit status nor the counts.
 */
class NotificationsIT {

    static final String ALPHA = "nalpha_prod";
    static final String BETA = "nbeta_prod";
    static final String GAMMA = "ngamma_ana";
    static final List<String> ALPHA_EMAILS = List.of("alpha-ops@example.org");
    static final List<String> BETA_EMAILS = List.of("beta-ops@example.org", "beta-lead@example.org");
    static final List<String> ADMINS = List.of("mt-admins@example.org");
    static final String FROM = "managed-tokens@example.org";

    /** Go's RFC822 layout, {@code 02 Jan 06 15:04 MST}. */
    static final String RFC822 = "\\d{2} [A-Z][a-z]{2} \\d{2} \\d{2}:\\d{2} \\S+";

    static TokenPushHarness h;
    static MailServer mail;
    static SlackWebhookReceiver slack;
    static String nosshd;
    static String node1;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(
                TestbedSpec.of(2, "nalpha", "nbeta", "ngamma").withSshdDownNode());
        mail = MailServer.smtp();
        slack = SlackWebhookReceiver.start();
        h.host.definePool("credd1.pool", "credd2.pool");
        h.host.onboard("nalpha", "prod", "nalpha");
        h.host.onboard("nbeta", "prod", "nbeta");
        h.host.onboard("ngamma", "ana", "ngamma");
        h.seedUids("nalpha", "nbeta", "ngamma");
        h.host.handStateToOperator();
        nosshd = h.bed.sshdDownNode().orElseThrow().hostName();
        node1 = h.bed.node("node1").hostName();
    }

    @AfterAll
    static void stopBed() {
        if (slack != null) slack.close();
        if (mail != null) mail.close();
        if (h != null) h.close();
    }

    @BeforeEach
    void forgetEarlierMessages() {
        mail.reset();
        slack.reset();
        h.bed.pushgateway().wipe();
    }

    @Test
    void atThresholdZeroAFailingRunReachesStakeholdersAdminsAndSlack() throws Exception {
        resetCountsWithAHealthyRun();
        Instant before = Instant.now();
        AdminHost.LauncherRun r = failingRun(settings(0, mail.port()));
        assertEquals(3, r.exit(), r.toString());

        List<MailServer.Mail> mails = mail.mails();
        assertEquals(
                2,
                mails.size(),
                "one stakeholder email (push errors of " + BETA + ") and one admin email: " + mails + "\n" + r);
        MailServer.Mail stakeholder = onlyMailTo(mails, BETA_EMAILS);
        assertTrue(
                Pattern.matches("Managed Tokens Push Errors for " + BETA + " - " + RFC822, stakeholder.subject()),
                stakeholder.subject());
        assertEquals(FROM, stakeholder.from());
        assertStakeholderBody(
                stakeholder.body(), Map.of(nosshd, "Error pushing vault tokens to destination node " + nosshd + ":"));

        MailServer.Mail admin = onlyMailTo(mails, ADMINS);
        assertTrue(Pattern.matches("Managed Tokens Errors " + RFC822, admin.subject()), admin.subject());
        assertAdminBody(admin.body());
        // Setup errors never reach stakeholders, and the healthy service is in no message.
        assertTrue(mails.stream().noneMatch(m -> m.to().containsAll(ALPHA_EMAILS)), mails.toString());
        assertTrue(mails.stream().noneMatch(m -> m.body().contains(GAMMA)), mails.toString());

        List<Receiver.Request> posts = slack.requests();
        assertEquals(1, posts.size(), posts.toString());
        Receiver.Request post = posts.getFirst();
        assertEquals("POST", post.method());
        assertEquals(SlackWebhookReceiver.PATH, post.path());
        assertTrue(post.header("Content-Type").startsWith("application/json"), post.header("Content-Type"));
        assertSlackText(new ObjectMapper().readTree(post.body()).get("text").asText());

        // With T = 0 every error passes, and a count that passed restarts at 0.
        assertCounts(0, 0);

        // Pushed after the notifications, so their gauges and timestamps are on the gateway. The
        // error-count gauges mirror the database, as the Go service pushes them: the messages went out, so 0.
        MetricSamples m = MetricSamples.parse(h.bed.pushgateway().metricsText()).group("managed_tokens", "token-push");
        assertEquals(0, m.value("current_setup_error_count", "service", ALPHA), m.dump());
        assertEquals(0, m.value("current_push_error_count", "service", BETA, "node", nosshd), m.dump());
        assertTrue(m.find("current_setup_error_count", "service", GAMMA).isEmpty(), m.dump());
        for (String type : List.of("email", "slack_message")) {
            double sent =
                    m.value("admin_error_email_last_sent_timestamp", "notification_type", type, "success", "true");
            assertTrue(sent >= before.getEpochSecond() && sent <= Instant.now().getEpochSecond() + 1, m.dump());
        }
        assertTrue(
                m.value("service_error_email_last_sent_timestamp", "service", BETA, "success", "true")
                        >= before.getEpochSecond(),
                m.dump());
        assertEquals(1, m.value("service_error_email_send_duration_seconds_count"), m.dump());
    }

    @Test
    void atThresholdTwoTheFirstFailingRunIsSilentAndCountsTheSecondSendsAndResets() {
        resetCountsWithAHealthyRun();
        AdminHost.LauncherRun first = failingRun(settings(2, mail.port()));
        assertEquals(3, first.exit(), first.toString());
        assertEquals(List.of(), mail.mails(), "below the threshold nothing is sent");
        assertEquals(List.of(), slack.requests());
        assertCounts(1, 1);
        assertGauges(1, 1);

        AdminHost.LauncherRun second = failingRun(settings(2, mail.port()));
        assertEquals(3, second.exit(), second.toString());
        List<MailServer.Mail> mails = mail.mails();
        assertEquals(2, mails.size(), mails.toString());
        onlyMailTo(mails, BETA_EMAILS);
        assertAdminBody(onlyMailTo(mails, ADMINS).body());
        assertEquals(1, slack.requests().size(), slack.requests().toString());
        assertCounts(0, 0);
        assertGauges(0, 0);
    }

    @Test
    void aSuccessfulRunResetsTheCountsToZero() {
        resetCountsWithAHealthyRun();
        AdminHost.LauncherRun failing = failingRun(settings(3, mail.port()));
        assertEquals(3, failing.exit(), failing.toString());
        assertCounts(1, 1);

        AdminHost.LauncherRun healthy = healthyRun(settings(3, mail.port()));
        assertEquals(0, healthy.exit(), healthy.toString());
        assertCounts(0, 0);
        assertEquals(List.of(), mail.mails());
        assertEquals(List.of(), slack.requests());
    }

    @Test
    void dontNotifySendsNothingAndLeavesTheCountsAlone() {
        resetCountsWithAHealthyRun();
        AdminHost.LauncherRun counted = failingRun(settings(2, mail.port()));
        assertEquals(3, counted.exit(), counted.toString());
        assertCounts(1, 1);

        // The second failing run would reach the threshold and send; with the flag it neither sends nor counts.
        AdminHost.LauncherRun r = failingRun(settings(2, mail.port()), "--dont-notify");
        assertEquals(3, r.exit(), r.toString());
        assertEquals(List.of(), mail.mails());
        assertEquals(List.of(), slack.requests());
        assertCounts(1, 1);
    }

    @Test
    void servicesWithNotificationsDisabledByOverrideSendNothingAndKeepTheirCounts() {
        resetCountsWithAHealthyRun();
        AdminHost.LauncherRun counted = failingRun(settings(2, mail.port()));
        assertEquals(3, counted.exit(), counted.toString());
        assertCounts(1, 1);

        // Global notifications stay on: the admins would hear of the failing services, but both are disabled.
        h.standIns.setFailureMode(FailureTarget.service(ALPHA), FailureMode.AUTH_NEEDED);
        h.writeConfigWithSettings(
                experiments(List.of(node1, nosshd), "disableNotificationsOverride: true"), settings(2, mail.port()));
        AdminHost.LauncherRun r = h.tokenPush();
        assertEquals(3, r.exit(), r.toString());
        assertEquals(List.of(), mail.mails());
        assertEquals(List.of(), slack.requests());
        assertCounts(1, 1);
    }

    @Test
    void anSmtpServerThatIsDownChangesNeitherTheExitStatusNorTheCounts() {
        resetCountsWithAHealthyRun();
        AdminHost.LauncherRun counted = failingRun(settings(2, mail.port()));
        assertEquals(3, counted.exit(), counted.toString());
        assertCounts(1, 1);
        mail.reset();
        slack.reset();

        AdminHost.LauncherRun r = failingRun(settings(2, closedPort()));
        // The same exit status as the same run with the SMTP server up (above).
        assertEquals(counted.exit(), r.exit(), r.toString());
        assertEquals(List.of(), mail.mails());
        // Slack is independent of SMTP and still hears about both errors.
        assertEquals(1, slack.requests().size(), slack.requests().toString());
        // The threshold was reached: the counts restart at 0 although the emails could not be sent.
        assertCounts(0, 0);
        assertTrue(r.stderr().contains("Error sending notifications"), r.toString());
        MetricSamples m = MetricSamples.parse(h.bed.pushgateway().metricsText()).group("managed_tokens", "token-push");
        m.value("admin_error_email_last_sent_timestamp", "notification_type", "email", "success", "false");
        m.value("service_error_email_last_sent_timestamp", "service", BETA, "success", "false");
        m.value("admin_error_email_last_sent_timestamp", "notification_type", "slack_message", "success", "true");
    }

    // ------------------------------------------------------------------------------------------------ the runs

    /** nalpha's storer needs authentication; nbeta pushes to node1 and to the node whose sshd is down. */
    private static AdminHost.LauncherRun failingRun(String settings, String... args) {
        h.standIns.setFailureMode(FailureTarget.service(ALPHA), FailureMode.AUTH_NEEDED);
        h.writeConfigWithSettings(experiments(List.of(node1, nosshd), ""), settings);
        return h.tokenPush(args);
    }

    private static AdminHost.LauncherRun healthyRun(String settings) {
        h.standIns.clearFailureModes();
        h.writeConfigWithSettings(experiments(List.of(node1), ""), settings);
        return h.tokenPush();
    }

    /** A run where every service succeeds: every stored count becomes 0; nothing is sent. */
    private static void resetCountsWithAHealthyRun() {
        AdminHost.LauncherRun r = healthyRun(settings(2, mail.port()));
        assertEquals(0, r.exit(), "the healthy run failed: " + r);
        assertEquals(List.of(), mail.mails(), "a healthy run sent email");
        mail.reset();
        slack.reset();
    }

    static String settings(int threshold, int smtpPort) {
        return """
                storerConcurrency: 4
                disableNotifications: false
                errorCountToSendMessage: %d
                email:
                  from: %s
                  smtpHost: 127.0.0.1
                  smtpPort: %d
                notifications:
                  admin_email: [%s]
                  SLACK_ALERTS_URL: %s
                prometheus:
                  host: %s
                timeouts:
                  globalTimeout: 60s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 10s
                  pushTimeout: 20s
                """.formatted(
                        threshold,
                        FROM,
                        smtpPort,
                        String.join(", ", ADMINS),
                        slack.url(),
                        h.bed.pushgateway().url());
    }

    static String experiments(List<String> betaNodes, String failingRoleExtra) {
        String extra = failingRoleExtra.isEmpty() ? "" : "\n      " + failingRoleExtra;
        return """
                nalpha:
                  emails: [%s]
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]%s
                nbeta:
                  emails: [%s]
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]%s
                ngamma:
                  emails: [gamma-ops@example.org]
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(
                        String.join(", ", ALPHA_EMAILS),
                        h.host.user("nalpha"),
                        node1,
                        extra,
                        String.join(", ", BETA_EMAILS),
                        h.host.user("nbeta"),
                        String.join(", ", betaNodes),
                        extra,
                        h.host.user("ngamma"),
                        h.bed.node("node2").hostName());
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** The stakeholder email's fixed text (docs/notifications.md) around a push-error table with exactly these rows. */
    private static void assertStakeholderBody(String body, Map<String, String> rowPrefixes) {
        List<String> lines = body.lines().toList();
        assertTrue(
                Pattern.matches(
                        "In the most recent push of your experiment's managed vault tokens to the"
                                + " destination nodes, dated " + RFC822
                                + ", there were some errors\\.  Please review them below and"
                                + " take any action if necessary\\.",
                        lines.getFirst()),
                body);
        for (String sentence : List.of(
                "In the table at the end of the messages, there are generally two courses of action we recommend:",
                "    1)  If the error mentions that a node was not pingable, please try to log in to that node.  If you"
                        + " can't, open a ServiceNow ticket to Scientific Server Support.",
                "    2)  For any other error, if you have any questions, please open a ticket to the Distributed"
                        + " Computing Support group.",
                "The following is a list of nodes on which all vault tokens were not refreshed, and the corresponding"
                        + " roles for those failed token refreshes:",
                "If you have any other questions, please open a Service Desk ticket to the Distributed Computing"
                        + " Support group.",
                "Thank you very much,",
                "The FIFE group")) {
            assertTrue(lines.contains(sentence), "no line '" + sentence + "' in\n" + body);
        }
        assertTableRows(body, rowPrefixes);
        assertFalse(body.contains("Setup errors:"), "setup errors reached the stakeholders:\n" + body);
    }

    /** The admin email (full form, docs/notifications.md): every failed service in order, its errors, the text. */
    private static void assertAdminBody(String body) {
        List<String> lines = body.lines().toList();
        assertTrue(
                Pattern.matches(
                        "The following errors were reported by the Managed Tokens service at " + RFC822
                                + " while performing operation token-push:",
                        lines.getFirst()),
                body);
        assertEquals(
                "Please look at the logs for more details.",
                lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow(),
                body);
        int alpha = lines.indexOf(ALPHA);
        int beta = lines.indexOf(BETA);
        assertTrue(alpha > 0 && beta > alpha, "the services are not listed in sorted order:\n" + body);
        assertEquals("Setup errors:", lines.get(alpha + 1), body);
        assertTrue(lines.get(alpha + 3).startsWith("Could not store and get vault tokens"), body);
        assertTrue(lines.get(alpha + 3).toLowerCase().contains("authentication needed"), body);
        List<String> betaBlock = lines.subList(beta, lines.size());
        assertTrue(betaBlock.contains("Processing errors:"), body);
        assertTableRows(
                String.join("\n", betaBlock),
                Map.of(nosshd, "Error pushing vault tokens to destination node " + nosshd + ":"));
        assertFalse(body.contains(GAMMA), body);
    }

    /** The Slack text (abridged form): one flat list, setup errors then push errors. */
    private static void assertSlackText(String text) {
        List<String> lines = text.lines().toList();
        assertTrue(
                Pattern.matches(
                        "The following errors were reported by the Managed Tokens service at " + RFC822
                                + " while performing operation token-push:",
                        lines.getFirst()),
                text);
        int setup = lines.indexOf("Setup errors:");
        int processing = lines.indexOf("Processing errors:");
        assertTrue(setup > 0 && processing > setup, text);
        List<String> bullets =
                lines.stream().filter(l -> l.startsWith("    \u2022 ")).toList();
        assertEquals(2, bullets.size(), text);
        assertTrue(bullets.get(0).startsWith("    \u2022 " + ALPHA + ": Could not store and get vault tokens"), text);
        assertTrue(
                bullets.get(1)
                        .startsWith("    \u2022 " + BETA + "@" + nosshd
                                + ": Error pushing vault tokens to destination node " + nosshd + ":"),
                text);
        assertEquals(
                "Please look at the logs for more details.",
                lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow(),
                text);
    }

    /**
     * The push-error table (docs/notifications.md) that follows the header {@code NODE | ERROR}: node column to the
     * error text with its wrapped lines joined, which must start with the expected text.
     */
    private static void assertTableRows(String text, Map<String, String> rowPrefixes) {
        List<String> lines = text.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\s+NODE\\s+\\|\\s+ERROR\\s*")) {
                header = i;
                break;
            }
        }
        assertTrue(header >= 0, "no NODE | ERROR table in\n" + text);
        assertTrue(lines.get(header + 1).matches("-+\\+-+"), text);
        int bar = lines.get(header).indexOf('|');
        Map<String, String> rows = new LinkedHashMap<>();
        String current = null;
        for (String line : lines.subList(header + 2, lines.size())) {
            if (line.length() <= bar || line.charAt(bar) != '|') break;
            String node = line.substring(0, bar).strip();
            String cell = line.substring(bar + 1).strip();
            if (!node.isEmpty()) {
                current = node;
                rows.put(node, cell);
            } else if (current != null) {
                rows.put(current, rows.get(current) + " " + cell);
            }
        }
        assertEquals(new TreeMap<>(rowPrefixes).keySet(), new TreeMap<>(rows).keySet(), text);
        rowPrefixes.forEach((node, prefix) -> assertTrue(
                rows.get(node).startsWith(prefix),
                "row of " + node + " is '" + rows.get(node) + "', expected it to start with '" + prefix + "'"));
    }

    private static MailServer.Mail onlyMailTo(List<MailServer.Mail> mails, List<String> to) {
        List<MailServer.Mail> matching =
                mails.stream().filter(m -> m.to().equals(to)).toList();
        assertEquals(1, matching.size(), "emails to " + to + " among " + mails);
        return matching.getFirst();
    }

    /**
     * nalpha's setup count and nbeta's push count on the sshd-down node are these; every other count the database
     * holds for the three services (setup, and push per node) is 0.
     */
    /** The error-count gauges the last run pushed: the counts as the database holds them after that run. */
    static void assertGauges(int alphaSetup, int betaOnNosshd) {
        MetricSamples m = MetricSamples.parse(h.bed.pushgateway().metricsText()).group("managed_tokens", "token-push");
        assertEquals(alphaSetup, m.value("current_setup_error_count", "service", ALPHA), m.dump());
        assertEquals(betaOnNosshd, m.value("current_push_error_count", "service", BETA, "node", nosshd), m.dump());
    }

    static void assertCounts(int alphaSetup, int betaOnNosshd) {
        Map<String, Integer> counts = counts();
        for (String key : List.of(ALPHA, BETA, GAMMA, BETA + "@" + node1, BETA + "@" + nosshd)) {
            assertTrue(counts.containsKey(key), "token-push status shows no count for " + key + ": " + counts);
        }
        Map<String, Integer> expected = new TreeMap<>();
        counts.keySet().forEach(k -> expected.put(k, 0));
        expected.put(ALPHA, alphaSetup);
        expected.put(BETA + "@" + nosshd, betaOnNosshd);
        assertEquals(expected, counts);
    }

    /**
     * The error counts as {@code token-push status --json} shows them: {@code <configName>} to the setup count,
     * {@code <configName>@<node>} to the push count.
     */
    static Map<String, Integer> counts() {
        AdminHost.LauncherRun status = h.tokenPushStatus("--json");
        assertEquals(0, status.exit(), status.toString());
        try {
            JsonNode root = new ObjectMapper().readTree(status.stdout());
            Map<String, Integer> out = new TreeMap<>();
            for (JsonNode s : root.get("services")) {
                out.put(s.get("service").asText(), s.get("setupErrorCount").asInt());
                for (JsonNode n : s.get("nodes")) {
                    out.put(
                            s.get("service").asText() + "@" + n.get("node").asText(),
                            n.get("pushErrorCount").asInt());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("token-push status --json printed no JSON: " + status, e);
        }
    }

    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
