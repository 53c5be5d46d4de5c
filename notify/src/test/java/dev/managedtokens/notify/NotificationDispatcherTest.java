package dev.managedtokens.notify;

import static dev.managedtokens.notify.testsupport.Golden.SPEC_TIME;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.core.config.EmailSettings;
import dev.managedtokens.core.config.NotificationPolicy;
import dev.managedtokens.core.config.NotificationTargets;
import dev.managedtokens.core.httptest.Receiver;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.notify.email.SmtpSecurity;
import dev.managedtokens.notify.testsupport.Golden;
import dev.managedtokens.notify.testsupport.SilentServer;
import dev.managedtokens.testbed.mail.MailServer;
import dev.managedtokens.testbed.slack.SlackWebhookReceiver;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A run's notifications end to end against a real SMTP server (GreenMail), a Slack webhook receiver and a real SQLite
 * file, with the clock fixed at the golden examples' time so whole messages can be compared with them
 * ({@code golden/}).
 */
class NotificationDispatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant RUN_STARTED = SPEC_TIME.toInstant();
    private static final String ADMINS = "admins@example.org";
    private static final String DUNE = "dune_production";
    private static final String MU2E = "mu2e_production";
    private static final String NOVA = "nova_production";
    private static final String PUSH_FAILED = "Could not push vault token to node";
    private static final String PING_FAILED = "Could not ping the following nodes: dune02";
    private static final List<RunService> SERVICES = List.of(
            new RunService(DUNE, List.of("dune-ops@example.org")),
            new RunService(MU2E, List.of("mu2e-ops@example.org")),
            new RunService(NOVA, List.of()));
    private static final NotificationPolicy EVERYONE = new NotificationPolicy(false, new TreeSet<>(), Optional.empty());
    /** The errors of the golden token-push admin example. */
    private static final RunErrors SPEC_ERRORS = new RunErrors(
            List.of(new SetupError(DUNE, PING_FAILED)),
            List.of(new PushError(DUNE, "dune02", PUSH_FAILED), new PushError(MU2E, "mu2e01", PUSH_FAILED)));

    @TempDir
    Path dir;

    private ManagedTokensDatabase db;
    private MailServer mail;
    private SlackWebhookReceiver slack;

    @BeforeEach
    void start() {
        db = ManagedTokensDatabase.open(dir.resolve("uid.db"));
        db.registerServices(List.of(DUNE, MU2E, NOVA));
        db.registerNodes(List.of("dune02", "dune03", "mu2e01", "nova01"));
        mail = MailServer.smtp();
        slack = SlackWebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        slack.close();
        mail.close();
        db.close();
    }

    private NotificationDispatcher dispatcher(
            int threshold, int smtpPort, Duration sendTimeout, Optional<ManagedTokensDatabase> database) {
        NotifierSettings settings = new NotifierSettings(
                new EmailSettings("managed-tokens@example.org", "localhost", smtpPort),
                SmtpSecurity.GO_DEFAULT,
                threshold,
                sendTimeout,
                Clock.fixed(RUN_STARTED, SPEC_TIME.getZone()));
        return new NotificationDispatcher(settings, database);
    }

    private NotificationDispatcher dispatcher(int threshold) {
        return dispatcher(threshold, mail.port(), WAIT, Optional.of(db));
    }

    private NotificationTargets admins() {
        return new NotificationTargets(List.of(ADMINS), slack.url().toString());
    }

    private NotificationRequest tokenPush(RunErrors errors) {
        return NotificationRequest.tokenPush(false, RUN_STARTED, admins(), EVERYONE, SERVICES, errors);
    }

    private List<MimeMessage> mailTo(String address) throws Exception {
        List<MimeMessage> to = new java.util.ArrayList<>();
        for (MimeMessage m : mail.received()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equals(address))) {
                to.add(m);
            }
        }
        return to;
    }

    private static String body(MimeMessage m) throws Exception {
        // GreenMail takes the body's last CRLF as part of the <CRLF>.<CRLF> terminator.
        return ((String) m.getContent()).replace("\r\n", "\n") + "\n";
    }

    private String slackText(Receiver.Request request) throws Exception {
        return new ObjectMapper().readTree(request.body()).get("text").asText();
    }

    @Test
    void failuresReachTheStakeholdersAndTheAdminsWithTheSpecMessages() throws Exception {
        NotificationOutcome outcome = dispatcher(0).dispatch(tokenPush(SPEC_ERRORS));

        assertTrue(outcome.allSent(), outcome.toString());
        assertEquals(
                List.of(Channel.SERVICE_EMAIL, Channel.SERVICE_EMAIL, Channel.ADMIN_EMAIL, Channel.SLACK),
                outcome.deliveries().stream().map(Delivery::channel).toList());
        mail.awaitMessages(3, WAIT);

        MimeMessage admin = mailTo(ADMINS).get(0);
        assertEquals("Managed Tokens Errors 23 Nov 25 06:00 CST", admin.getSubject());
        assertEquals(Golden.read("admin-full-token-push.txt"), body(admin));

        List<Receiver.Request> posts = slack.awaitRequests(1, WAIT);
        assertEquals(1, posts.size());
        assertEquals(Golden.read("admin-abridged-token-push.txt"), slackText(posts.get(0)));

        MimeMessage dune = mailTo("dune-ops@example.org").get(0);
        assertEquals("Managed Tokens Push Errors for dune_production - 23 Nov 25 06:00 CST", dune.getSubject());
        String duneBody = body(dune);
        assertTrue(
                duneBody.startsWith("In the most recent push of your experiment's managed vault tokens to the"
                        + " destination nodes, dated 23 Nov 25 06:00 CST, there were some errors."),
                duneBody);
        assertTrue(duneBody.contains("  dune02 | Could not push vault token to   \n"), duneBody);
        assertFalse(duneBody.contains(PING_FAILED), "setup errors never reach stakeholders");
        assertFalse(duneBody.contains("mu2e01"), duneBody);
        assertEquals(1, mailTo("mu2e-ops@example.org").size());
        assertEquals(3, mail.received().size());
    }

    @Test
    void theStakeholderEmailMatchesTheSpecExample() throws Exception {
        RunErrors errors = new RunErrors(
                List.of(),
                List.of(
                        new PushError(
                                DUNE,
                                "dune03",
                                "Could not push vault token to node: exit status 255 ssh: connect to"
                                        + " host dune03 port 22: Connection timed out"),
                        new PushError(DUNE, "dune02", PUSH_FAILED)));
        dispatcher(0).dispatch(tokenPush(errors));
        mail.awaitMessages(2, WAIT);
        assertEquals(
                Golden.read("stakeholder-email.txt"),
                body(mailTo("dune-ops@example.org").get(0)));
    }

    @Test
    void belowTheThresholdNothingIsSentAndTheCountsRiseThenAtTheThresholdAllIsSentAndTheCountsRestart()
            throws Exception {
        NotificationDispatcher dispatcher = dispatcher(3);
        NotificationOutcome outcome = null;
        for (int run = 1; run <= 2; run++) {
            outcome = dispatcher.dispatch(tokenPush(SPEC_ERRORS));
            assertEquals(List.of(), outcome.deliveries(), "run " + run);
            assertEquals(OptionalInt.of(run), db.setupErrorCount(DUNE));
            assertEquals(Map.of("dune02", run), db.pushErrorCounts(DUNE));
            assertEquals(Map.of("mu2e01", run), db.pushErrorCounts(MU2E));
        }
        assertEquals(
                List.of(
                        new ErrorCountGauge(DUNE, Optional.empty(), 2),
                        new ErrorCountGauge(DUNE, Optional.of("dune02"), 2),
                        new ErrorCountGauge(MU2E, Optional.of("mu2e01"), 2)),
                outcome.gauges());
        assertEquals(
                List.of(),
                dispatcher.dispatch(tokenPush(RunErrors.NONE)).gauges(),
                "a run without errors sets no gauge");
        // That clean run reset everything: start again and go to the threshold.
        assertEquals(OptionalInt.of(0), db.setupErrorCount(DUNE));
        for (int run = 1; run <= 2; run++) {
            dispatcher.dispatch(tokenPush(SPEC_ERRORS));
        }
        assertEquals(0, mail.received().size());
        assertEquals(0, slack.requests().size());

        NotificationOutcome third = dispatcher.dispatch(tokenPush(SPEC_ERRORS));
        assertEquals(4, third.deliveries().size());
        assertTrue(third.allSent(), third.toString());
        // The gauges mirror the counts the database now holds: the messages went out, so 0.
        assertTrue(
                third.gauges().contains(new ErrorCountGauge(DUNE, Optional.empty(), 0)),
                third.gauges().toString());
        assertTrue(third.gauges().contains(new ErrorCountGauge(DUNE, Optional.of("dune02"), 0)));
        assertEquals(3, mail.awaitMessages(3, WAIT).size());
        assertEquals(1, slack.awaitRequests(1, WAIT).size());
        assertEquals(OptionalInt.of(0), db.setupErrorCount(DUNE));
        assertEquals(Map.of("dune02", 0), db.pushErrorCounts(DUNE));
        assertEquals(Map.of("mu2e01", 0), db.pushErrorCounts(MU2E));
    }

    @Test
    void aSuccessfulRunResetsTheCountsToZeroAndSendsNothing() {
        db.setSetupErrorCount(DUNE, 2);
        db.setPushErrorCounts(DUNE, Map.of("dune02", 2, "dune03", 1));
        NotificationOutcome outcome = dispatcher(3).dispatch(tokenPush(RunErrors.NONE));
        assertEquals(NotificationOutcome.NOTHING, outcome);
        assertEquals(OptionalInt.of(0), db.setupErrorCount(DUNE));
        assertEquals(Map.of("dune02", 0, "dune03", 0), db.pushErrorCounts(DUNE));
        assertEquals(0, mail.received().size());
        assertEquals(0, slack.requests().size());
    }

    @Test
    void aDisabledServiceIsHeardByNobodyAndKeepsItsCounts() throws Exception {
        db.setSetupErrorCount(DUNE, 1);
        db.setPushErrorCounts(DUNE, Map.of("dune02", 1));
        NotificationPolicy duneOff = new NotificationPolicy(false, new TreeSet<>(List.of(DUNE)), Optional.empty());
        NotificationOutcome outcome = dispatcher(1)
                .dispatch(NotificationRequest.tokenPush(false, RUN_STARTED, admins(), duneOff, SERVICES, SPEC_ERRORS));

        assertEquals(
                List.of(Channel.SERVICE_EMAIL, Channel.ADMIN_EMAIL, Channel.SLACK),
                outcome.deliveries().stream().map(Delivery::channel).toList());
        assertEquals(Optional.of(MU2E), outcome.deliveries().get(0).service());
        mail.awaitMessages(2, WAIT);
        assertEquals(0, mailTo("dune-ops@example.org").size());
        String adminBody = body(mailTo(ADMINS).get(0));
        assertFalse(adminBody.contains(DUNE), adminBody);
        assertTrue(adminBody.contains(MU2E), adminBody);
        assertFalse(slackText(slack.awaitRequests(1, WAIT).get(0)).contains(DUNE));
        assertEquals(OptionalInt.of(1), db.setupErrorCount(DUNE));
        assertEquals(Map.of("dune02", 1), db.pushErrorCounts(DUNE));
    }

    @Test
    void disabledByFlagNothingIsSentNotEvenTheTestMessageAndNoCountChanges() {
        db.setSetupErrorCount(DUNE, 1);
        NotificationPolicy flag = new NotificationPolicy(
                true, new TreeSet<>(List.of(DUNE, MU2E, NOVA)), Optional.of(NotificationPolicy.DisabledBy.FLAG));
        NotificationOutcome failing = dispatcher(0)
                .dispatch(NotificationRequest.tokenPush(false, RUN_STARTED, admins(), flag, SERVICES, SPEC_ERRORS));
        NotificationOutcome testRun = dispatcher(0)
                .dispatch(NotificationRequest.tokenPush(true, RUN_STARTED, admins(), flag, SERVICES, RunErrors.NONE));
        assertEquals(NotificationOutcome.NOTHING, failing);
        assertEquals(NotificationOutcome.NOTHING, testRun);
        assertEquals(OptionalInt.of(1), db.setupErrorCount(DUNE));
        assertEquals(Map.of(), db.pushErrorCounts(MU2E));
        assertEquals(0, mail.received().size());
        assertEquals(0, slack.requests().size());
    }

    @Test
    void aServiceWithoutEmailsStillReachesTheAdmins() throws Exception {
        RunErrors errors = RunErrors.of(new PushError(NOVA, "nova01", PUSH_FAILED));
        NotificationOutcome outcome = dispatcher(1).dispatch(tokenPush(errors));
        assertEquals(
                List.of(Channel.ADMIN_EMAIL, Channel.SLACK),
                outcome.deliveries().stream().map(Delivery::channel).toList());
        mail.awaitMessages(1, WAIT);
        assertEquals(1, mail.received().size());
        assertTrue(body(mailTo(ADMINS).get(0)).contains("  nova01 | Could not push vault token to   \n"));
        assertTrue(slackText(slack.awaitRequests(1, WAIT).get(0))
                .contains("    \u2022 nova_production@nova01: " + PUSH_FAILED + "\n"));
        assertEquals(Map.of("nova01", 0), db.pushErrorCounts(NOVA));
    }

    @Test
    void theFirstPushErrorOnANewNodeIsSentWhenTheThresholdIsOne() throws Exception {
        // The Go service never sent the first push error on a node without a stored count.
        assertEquals(Map.of(), db.pushErrorCounts(MU2E));
        NotificationOutcome outcome =
                dispatcher(1).dispatch(tokenPush(RunErrors.of(new PushError(MU2E, "mu2e01", PUSH_FAILED))));
        assertTrue(outcome.allSent());
        assertEquals(2, mail.awaitMessages(2, WAIT).size());
        assertEquals(1, mailTo("mu2e-ops@example.org").size());
    }

    @Test
    void withTheSmtpServerDownTheCountsAreStillRightTheFailureIsLoggedAndSlackStillGoes() throws Exception {
        db.setSetupErrorCount(DUNE, 2);
        db.setPushErrorCounts(DUNE, Map.of("dune02", 2));
        ListAppender<ILoggingEvent> log = capture(ConcurrentSender.class);
        int closed = SilentServer.closedPort();
        long start = System.nanoTime();
        NotificationOutcome outcome =
                dispatcher(3, closed, WAIT, Optional.of(db)).dispatch(tokenPush(SPEC_ERRORS));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "bounded");

        assertEquals(
                List.of(Channel.SERVICE_EMAIL, Channel.ADMIN_EMAIL),
                outcome.failures().stream().map(Delivery::channel).toList());
        for (Delivery failed : outcome.failures()) {
            assertTrue(failed.failure().orElseThrow().contains("localhost:" + closed), failed.toString());
        }
        assertTrue(outcome.deliveries(Channel.SLACK).get(0).sent());
        assertEquals(1, slack.awaitRequests(1, WAIT).size());
        // dune reached 3 and restarted at 0; mu2e's first error is 1 of 3.
        assertEquals(OptionalInt.of(0), db.setupErrorCount(DUNE));
        assertEquals(Map.of("dune02", 0), db.pushErrorCounts(DUNE));
        assertEquals(Map.of("mu2e01", 1), db.pushErrorCounts(MU2E));
        assertTrue(
                log.list.stream()
                        .anyMatch(e -> e.getLevel() == Level.ERROR
                                && e.getFormattedMessage().startsWith("Failed to send admin email")),
                log.list.toString());
    }

    @Test
    void anSmtpServerThatHangsIsAbandonedAtTheSendTimeout() {
        try (SilentServer silent = new SilentServer()) {
            long start = System.nanoTime();
            NotificationOutcome outcome = dispatcher(0, silent.port(), Duration.ofSeconds(1), Optional.of(db))
                    .dispatch(tokenPush(SPEC_ERRORS));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.toSeconds() < 5, took.toString());
            assertEquals(3, outcome.failures().size(), outcome.toString());
            assertTrue(outcome.deliveries(Channel.SLACK).get(0).sent());
            assertEquals(OptionalInt.of(0), db.setupErrorCount(DUNE));
        }
    }

    @Test
    void aSlackErrorStatusIsAFailedDeliveryAndTheEmailsStillGo() {
        slack.respondWith(500, "rollup_error");
        NotificationOutcome outcome = dispatcher(0).dispatch(tokenPush(SPEC_ERRORS));
        assertEquals(
                List.of(Channel.SLACK),
                outcome.failures().stream().map(Delivery::channel).toList());
        Delivery failed = outcome.failures().get(0);
        assertTrue(failed.failure().orElseThrow().contains("HTTP 500 rollup_error"), failed.toString());
        assertFalse(failed.toString().contains("s3cr3t"), failed.toString());
        assertEquals(3, mail.awaitMessages(3, WAIT).size());
    }

    @Test
    void aTestRunWithoutErrorsTellsSlackOnlyAndANormalRunTellsNobody() throws Exception {
        NotificationOutcome normal = dispatcher(0).dispatch(tokenPush(RunErrors.NONE));
        assertEquals(List.of(), normal.deliveries());
        NotificationOutcome test = dispatcher(0)
                .dispatch(
                        NotificationRequest.tokenPush(true, RUN_STARTED, admins(), EVERYONE, SERVICES, RunErrors.NONE));
        assertEquals(
                List.of(Channel.SLACK),
                test.deliveries().stream().map(Delivery::channel).toList());
        List<Receiver.Request> posts = slack.awaitRequests(1, WAIT);
        assertEquals(
                "{\"text\":\"Test run completed successfully\"}", posts.get(0).bodyText());
        assertEquals(0, mail.received().size());
    }

    @Test
    void runLevelErrorsReachTheAdminsAtOnceWithoutCounting() throws Exception {
        RunErrors errors = RunErrors.of(
                new SetupError(NotificationRequest.TOKEN_PUSH, "Could not open or create ManagedTokensDatabase"));
        NotificationOutcome outcome = dispatcher(3).dispatch(tokenPush(errors));
        assertEquals(
                List.of(Channel.ADMIN_EMAIL, Channel.SLACK),
                outcome.deliveries().stream().map(Delivery::channel).toList());
        assertEquals(List.of(), outcome.gauges());
        mail.awaitMessages(1, WAIT);
        assertTrue(body(mailTo(ADMINS).get(0))
                .contains("\ntoken-push\nSetup errors:\n\nCould not open or create" + " ManagedTokensDatabase\n"));
        assertFalse(db.services().contains(NotificationRequest.TOKEN_PUSH));
    }

    @Test
    void refreshUidsErrorsGiveTheSpecAdminMessagesAndDisablingSilencesThem() throws Exception {
        RunErrors errors = new RunErrors(
                List.of(
                        new SetupError(
                                NotificationRequest.REFRESH_UIDS_FROM_FERRY,
                                "Could not get FERRY UID data for user dunepro"),
                        new SetupError(NotificationRequest.REFRESH_UIDS_FROM_FERRY, "no data collected from FERRY")),
                List.of());
        NotificationDispatcher dispatcher = dispatcher(3, mail.port(), WAIT, Optional.empty());

        NotificationOutcome silenced =
                dispatcher.dispatch(NotificationRequest.refreshUids(true, RUN_STARTED, admins(), true, errors));
        assertEquals(NotificationOutcome.NOTHING, silenced);

        NotificationOutcome outcome =
                dispatcher.dispatch(NotificationRequest.refreshUids(false, RUN_STARTED, admins(), false, errors));
        assertTrue(outcome.allSent());
        mail.awaitMessages(1, WAIT);
        assertEquals(
                Golden.read("admin-full-refresh-uids.txt"), body(mailTo(ADMINS).get(0)));
        assertEquals(
                Golden.read("admin-abridged-refresh-uids.txt"),
                slackText(slack.awaitRequests(1, WAIT).get(0)));
    }

    @Test
    void withoutADatabaseEveryErrorIsSentAtOnce() {
        NotificationOutcome outcome =
                dispatcher(3, mail.port(), WAIT, Optional.empty()).dispatch(tokenPush(SPEC_ERRORS));
        assertEquals(4, outcome.deliveries().size());
        assertTrue(outcome.allSent());
        assertEquals(List.of(), outcome.gauges());
        assertEquals(OptionalInt.empty(), db.setupErrorCount(DUNE));
    }

    @Test
    void deliveriesCarryWhatTheMetricsNeed() {
        NotificationOutcome outcome = dispatcher(0).dispatch(tokenPush(SPEC_ERRORS));
        Delivery service = outcome.deliveries(Channel.SERVICE_EMAIL).get(0);
        assertEquals(Optional.of(DUNE), service.service());
        assertEquals(List.of("dune-ops@example.org"), service.recipients());
        assertEquals("true", service.successLabel());
        assertEquals(RUN_STARTED, service.finishedAt());
        assertFalse(service.duration().isNegative());
        Delivery slackDelivery = outcome.deliveries(Channel.SLACK).get(0);
        assertEquals("slack_message", slackDelivery.channel().notificationType());
        assertEquals(
                List.of(
                        SlackWebhookReceiver.PATH.isEmpty()
                                ? ""
                                : "http://127.0.0.1:" + slack.url().getPort() + "/…"),
                slackDelivery.recipients());
        assertEquals(
                "email",
                outcome.deliveries(Channel.ADMIN_EMAIL).get(0).channel().notificationType());
    }

    private static ListAppender<ILoggingEvent> capture(Class<?> type) {
        Logger logger = (Logger) LoggerFactory.getLogger(type);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }
}
