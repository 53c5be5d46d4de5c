package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.mail.MailServer;
import dev.managedtokens.testbed.node.SubmitNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A damaged database is the failure of the services that need it, not of the run: with the shipped defaults, a
 * service whose UID comes from {@code desiredUIDOverride} is still pushed, the service that needs its UID from the
 * database fails with one line naming the file and what to do, the summary, the admin email and the Pushgateway say
 * so, the exit status is 3, and the damaged file is left exactly as it was (it may be all an operator has to
 * recover from). Three kinds of damage: random bytes, a real SQLite file with broken pages, and a file of ours whose
 * tables have the wrong columns.
 */
class DatabaseFaultsIT {

    static final String OVERRIDE = "dfover_prod";
    static final String NEEDS_DB = "dfneeds_prod";
    static final List<String> ADMINS = List.of("mt-admins@example.org");

    static TokenPushHarness h;
    static MailServer mail;
    static SubmitNode node;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "over", "needs"));
        mail = MailServer.smtp();
        h.host.definePool("credd1.pool");
        h.host.onboard("dfover", "prod", "over");
        h.host.onboard("dfneeds", "prod", "needs");
        h.seedUids("over", "needs");
        h.host.handStateToOperator();
        node = h.bed.node("node1");
    }

    @AfterAll
    static void stopBed() {
        if (mail != null) mail.close();
        if (h != null) h.close();
    }

    @BeforeEach
    void forgetEarlierRuns() throws IOException {
        // GreenMail's reset starts a new server on a new port: the configuration is written after it.
        mail.reset();
        // Shipped defaults: no timeouts, no storerConcurrency; only where to send mail and metrics.
        h.writeConfigWithSettings(experiments(), """
                email:
                  from: managed-tokens@example.org
                  smtpHost: 127.0.0.1
                  smtpPort: %d
                notifications:
                  admin_email: [%s]
                prometheus:
                  host: %s
                """.formatted(
                mail.port(), String.join(", ", ADMINS), h.bed.pushgateway().url()));
        h.bed.pushgateway().wipe();
        for (Path p : tokenFiles(OVERRIDE, "over")) {
            Files.deleteIfExists(p);
        }
    }

    static String experiments() {
        return """
                dfover:
                  roles:
                    prod:
                      account: %s
                      desiredUIDOverride: %d
                      destinationNodes: [%s]
                dfneeds:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(
                        h.host.user("over"),
                        h.bed.account("over").uid(),
                        node.hostName(),
                        h.host.user("needs"),
                        node.hostName());
    }

    @Test
    void randomBytes() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(11).nextBytes(garbage);
        runAgainstDamagedDatabase(garbage);
    }

    @Test
    void sqliteFileWithBrokenPages() throws Exception {
        Path good = h.host.work().resolve("good-copy.db");
        Files.deleteIfExists(good);
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(good)) {
            db.upsertUids(
                    Map.of(h.host.user("needs"), (long) h.bed.account("needs").uid()));
            db.registerServices(List.of(OVERRIDE, NEEDS_DB));
        }
        byte[] bytes = Files.readAllBytes(good);
        Files.delete(good);
        assertTrue(bytes.length > 4096, "the database has more than its first page: " + bytes.length);
        // The header and the schema page stay; every table's pages become noise.
        Random random = new Random(12);
        for (int i = 4096; i < bytes.length; i++) bytes[i] = (byte) random.nextInt(256);
        runAgainstDamagedDatabase(bytes);
    }

    @Test
    void ourFileWithTheWrongColumns() throws Exception {
        Path wrong = h.host.work().resolve("wrong-schema.db");
        Files.deleteIfExists(wrong);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wrong);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA application_id=" + ManagedTokensDatabase.APPLICATION_ID);
            s.execute("PRAGMA user_version=" + ManagedTokensDatabase.SCHEMA_VERSION);
            for (String table : List.of(
                    "uids",
                    "services",
                    "nodes",
                    "setup_errors",
                    "push_errors",
                    "ext_push_history",
                    "ext_name_spellings")) {
                s.execute("CREATE TABLE " + table + " (something_else TEXT)");
            }
        }
        byte[] bytes = Files.readAllBytes(wrong);
        Files.delete(wrong);
        runAgainstDamagedDatabase(bytes);
    }

    private void runAgainstDamagedDatabase(byte[] content) throws IOException {
        Path dbFile = h.host.dbFile();
        Files.write(dbFile, content);
        h.host.chownToOperator(dbFile.getParent());
        Instant before = Instant.now();

        AdminHost.LauncherRun r = h.tokenPush();

        assertEquals(3, r.exit(), "one service failed, the other ran: exit 3\n" + r);
        assertFalse(r.stderr().contains("\tat "), "a stack trace:\n" + r);
        assertTrue(r.stdout().contains("2 services, 1 succeeded, 1 failed"), "no summary:\n" + r);
        okLine(r, OVERRIDE);
        String failed = failedLine(r, NEEDS_DB);
        assertTrue(failed.startsWith("setup: "), failed);
        assertTrue(failed.contains(dbFile.toString()), "the reason names the database file: " + failed);
        assertTrue(
                failed.contains("refresh-uids-from-ferry") && failed.contains("desiredUIDOverride"),
                "the reason says what to do: " + failed);
        assertFalse(failed.contains("\n"), failed);
        for (Path p : tokenFiles(OVERRIDE, "over")) {
            assertTrue(Files.isRegularFile(p), "the override service's token did not reach " + p + "\n" + r);
        }

        List<MailServer.Mail> mails = mail.mails();
        Optional<MailServer.Mail> admin =
                mails.stream().filter(m -> m.to().containsAll(ADMINS)).findFirst();
        assertTrue(admin.isPresent(), "no admin email: " + mails + "\n" + r);
        assertTrue(admin.get().body().contains(dbFile.toString()), admin.get().body());
        assertTrue(admin.get().body().contains(NEEDS_DB), admin.get().body());

        MetricSamples m = MetricSamples.parse(h.bed.pushgateway().metricsText()).group("managed_tokens", "token-push");
        assertEquals(1, m.value("failed_services_push_count"), m.dump());
        assertTrue(
                m.value("admin_error_email_last_sent_timestamp", "notification_type", "email", "success", "true")
                        >= before.getEpochSecond(),
                m.dump());

        assertArrayEquals(content, Files.readAllBytes(dbFile), "the damaged database was changed");
    }

    private static List<Path> tokenFiles(String service, String account) {
        ServiceAccount a = h.bed.account(account);
        return AdminHost.tokenFilesOn(node, a, service);
    }

    private static String failedLine(AdminHost.LauncherRun r, String service) {
        Optional<String> line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("  FAILED  " + service + " "))
                .findFirst();
        if (line.isEmpty()) fail(service + " is not reported as failed:\n" + r);
        return line.get().substring(("  FAILED  " + service).length()).strip();
    }

    private static void okLine(AdminHost.LauncherRun r, String service) {
        if (r.stdout().lines().noneMatch(l -> l.startsWith("  OK      " + service + " "))) {
            fail(service + " is not reported as OK:\n" + r);
        }
    }
}
