package dev.managedtokens.notify.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import dev.managedtokens.core.config.EmailSettings;
import dev.managedtokens.notify.testsupport.SilentServer;
import dev.managedtokens.testbed.mail.MailServer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpMailerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String FROM = "managed-tokens@example.org";

    private static SmtpMailer mailer(String host, int port, SmtpSecurity security, Duration timeout) {
        return new SmtpMailer(new EmailSettings(FROM, host, port), security, timeout);
    }

    private static EmailMessage message() {
        return new EmailMessage(
                List.of("a@example.org", "b@example.org", "a@example.org"),
                "Subject \u00fc",
                "first line with trailing spaces   \n" + "x".repeat(120) + "\n    \u2022 bullet\n\n\n");
    }

    @Test
    void deliversAPlainTextUtf8QuotedPrintableEmailToEachDistinctRecipient() throws Exception {
        try (MailServer server = MailServer.smtp()) {
            mailer("localhost", server.port(), SmtpSecurity.GO_DEFAULT, TIMEOUT).send(message());
            List<MimeMessage> received = server.awaitMessages(2, TIMEOUT);
            assertEquals(2, received.size());
            MimeMessage m = received.get(0);
            assertEquals(List.of(new InternetAddress(FROM)), Arrays.asList(m.getFrom()));
            assertEquals(
                    List.of(new InternetAddress("a@example.org"), new InternetAddress("b@example.org")),
                    Arrays.asList(m.getRecipients(Message.RecipientType.TO)));
            assertEquals("Subject \u00fc", m.getSubject());
            assertEquals("text/plain; charset=UTF-8", m.getContentType());
            assertEquals("quoted-printable", m.getHeader("Content-Transfer-Encoding")[0]);
            assertEquals("1.0", m.getHeader("MIME-Version")[0]);
            // GreenMail's dot-terminated reader counts the body's final CRLF as part of the <CRLF>.<CRLF> terminator.
            assertEquals(message().body(), ((String) m.getContent()).replace("\r\n", "\n") + "\n");
        }
    }

    @Test
    void aClosedPortFailsQuicklyWithOneLineNamingTheServer() {
        int port = SilentServer.closedPort();
        long start = System.nanoTime();
        EmailException e = assertThrows(
                EmailException.class,
                () -> mailer("127.0.0.1", port, SmtpSecurity.GO_DEFAULT, TIMEOUT)
                        .send(message()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpAfterTheTimeout() {
        try (SilentServer silent = new SilentServer()) {
            long start = System.nanoTime();
            assertThrows(
                    EmailException.class,
                    () -> mailer("127.0.0.1", silent.port(), SmtpSecurity.GO_DEFAULT, Duration.ofSeconds(1))
                            .send(message()));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(Duration.ofMillis(900)) > 0 && took.toSeconds() < 5, took.toString());
        }
    }

    @Test
    void requiredStartTlsRefusesAServerThatDoesNotOfferIt() {
        try (MailServer server = MailServer.smtp()) {
            SmtpSecurity required = new SmtpSecurity(TlsMode.STARTTLS_REQUIRED, Optional.empty(), Optional.empty());
            EmailException e = assertThrows(
                    EmailException.class,
                    () -> mailer("localhost", server.port(), required, TIMEOUT).send(message()));
            assertTrue(e.getMessage().toLowerCase().contains("starttls"), e.getMessage());
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void aLoginIsNeverSentOverPlainSmtp() {
        try (MailServer server = MailServer.smtp()) {
            SmtpSecurity login = new SmtpSecurity(
                    TlsMode.STARTTLS_IF_OFFERED, Optional.of(new SmtpLogin("ops", "secret")), Optional.empty());
            assertThrows(
                    EmailException.class,
                    () -> mailer("localhost", server.port(), login, TIMEOUT).send(message()));
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void implicitTlsDeliversWhenTheCertificateIsTrusted() throws Exception {
        try (MailServer server = MailServer.smtps(GreenMailConfiguration.aConfig())) {
            SmtpSecurity tls = new SmtpSecurity(
                    TlsMode.IMPLICIT_TLS, Optional.empty(), Optional.of(MailServer.trustedCertificate()));
            mailer("localhost", server.port(), tls, TIMEOUT).send(message());
            assertEquals(2, server.awaitMessages(2, TIMEOUT).size());
        }
    }

    @Test
    void implicitTlsRefusesACertificateTheDefaultTrustStoreDoesNotKnow() {
        try (MailServer server = MailServer.smtps(GreenMailConfiguration.aConfig())) {
            SmtpSecurity tls = new SmtpSecurity(TlsMode.IMPLICIT_TLS, Optional.empty(), Optional.empty());
            assertThrows(
                    EmailException.class,
                    () -> mailer("localhost", server.port(), tls, TIMEOUT).send(message()));
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void implicitTlsChecksTheHostName() {
        // The certificate is for localhost only; trusted, but not for 127.0.0.1.
        try (MailServer server = MailServer.smtps(GreenMailConfiguration.aConfig())) {
            SmtpSecurity tls = new SmtpSecurity(
                    TlsMode.IMPLICIT_TLS, Optional.empty(), Optional.of(MailServer.trustedCertificate()));
            assertThrows(
                    EmailException.class,
                    () -> mailer("127.0.0.1", server.port(), tls, TIMEOUT).send(message()));
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void authenticatesWithTheLoginAndFailsWithAWrongPassword() throws Exception {
        GreenMailConfiguration users = GreenMailConfiguration.aConfig().withUser("ops@example.org", "ops", "secret");
        try (MailServer server = MailServer.smtps(users)) {
            SmtpSecurity wrong = new SmtpSecurity(
                    TlsMode.IMPLICIT_TLS,
                    Optional.of(new SmtpLogin("ops", "nope")),
                    Optional.of(MailServer.trustedCertificate()));
            EmailException e = assertThrows(
                    EmailException.class,
                    () -> mailer("localhost", server.port(), wrong, TIMEOUT).send(message()));
            assertFalse(e.getMessage().contains("nope"), e.getMessage());
            assertEquals(0, server.received().size());

            SmtpSecurity right = new SmtpSecurity(
                    TlsMode.IMPLICIT_TLS,
                    Optional.of(new SmtpLogin("ops", "secret")),
                    Optional.of(MailServer.trustedCertificate()));
            mailer("localhost", server.port(), right, TIMEOUT).send(message());
            assertEquals(2, server.awaitMessages(2, TIMEOUT).size());
        }
    }

    @Test
    void anEntryMayHoldACommaSeparatedListButAnInvalidAddressFailsNamingIt() throws Exception {
        try (MailServer server = MailServer.smtp()) {
            SmtpMailer mailer = mailer("localhost", server.port(), SmtpSecurity.GO_DEFAULT, TIMEOUT);
            mailer.send(new EmailMessage(List.of("a@example.org,", "b@example.org, c@example.org"), "s", "b"));
            assertEquals(3, server.awaitMessages(3, TIMEOUT).size());

            EmailMessage bad = new EmailMessage(List.of("ok@example.org", "not an address@"), "s", "b");
            EmailException e = assertThrows(EmailException.class, () -> mailer.send(bad));
            assertTrue(e.getMessage().contains("invalid address 'not an address@'"), e.getMessage());
        }
    }

    @Test
    void anUnsetPortOrSenderFailsNamingTheKey() {
        EmailException port = assertThrows(
                EmailException.class,
                () -> mailer("localhost", 0, SmtpSecurity.GO_DEFAULT, TIMEOUT).send(message()));
        assertTrue(port.getMessage().contains("email.smtpPort is 0"), port.getMessage());
        EmailException from = assertThrows(
                EmailException.class,
                () -> new SmtpMailer(new EmailSettings("", "localhost", 25), SmtpSecurity.GO_DEFAULT, TIMEOUT)
                        .send(message()));
        assertTrue(from.getMessage().contains("email.from is empty"), from.getMessage());
    }

    @Test
    void tlsModesReadTheirConfigValues() {
        assertEquals(TlsMode.STARTTLS_IF_OFFERED, TlsMode.fromConfigValue("opportunistic"));
        assertEquals(TlsMode.STARTTLS_REQUIRED, TlsMode.fromConfigValue(" STARTTLS "));
        assertEquals(TlsMode.IMPLICIT_TLS, TlsMode.fromConfigValue("tls"));
        assertThrows(IllegalArgumentException.class, () -> TlsMode.fromConfigValue("ssl"));
        assertFalse(new SmtpLogin("u", "hunter2").toString().contains("hunter2"));
    }
}
