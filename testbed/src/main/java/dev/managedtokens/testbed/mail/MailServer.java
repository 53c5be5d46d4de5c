package dev.managedtokens.testbed.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.managedtokens.testbed.support.TestbedException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server in this JVM (GreenMail) on 127.0.0.1 with an ephemeral port: plain SMTP with no STARTTLS, or
 * SMTPS with a certificate for {@code localhost} only, signed by {@link #trustedCertificate()}. The notify tests
 * send to it in-process; the token-push end-to-end tests and the sandbox have the launcher, in its own JVM, send
 * to it.
 */
public final class MailServer implements AutoCloseable {

    /** One email as sent: the {@code To} addresses, the sender, the subject and the decoded text body. */
    public record Mail(List<String> to, String from, String subject, String body) {
        @Override
        public String toString() {
            return "Mail[to=" + to + ", subject=" + subject + "]\n" + body;
        }
    }

    private static final String RESOURCES = "/dev/managedtokens/testbed/mail/";
    private static final Path TLS_FILES = extractTlsFiles();

    static {
        // GreenMail reads its TLS keystore once per JVM, so the properties are set before any server can start.
        System.setProperty(
                "greenmail.tls.keystore.file",
                TLS_FILES.resolve("smtp-localhost.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private final GreenMail greenMail;
    private final boolean secure;

    private MailServer(String protocol, GreenMailConfiguration configuration) {
        this.secure = protocol.equals(ServerSetup.PROTOCOL_SMTPS);
        this.greenMail =
                new GreenMail(new ServerSetup(0, "127.0.0.1", protocol).dynamicPort()).withConfiguration(configuration);
        greenMail.start();
    }

    /** Plain SMTP, no STARTTLS offered, any sender accepted. */
    public static MailServer smtp() {
        return new MailServer(ServerSetup.PROTOCOL_SMTP, GreenMailConfiguration.aConfig());
    }

    /** SMTPS (TLS from the first byte) with a certificate for {@code localhost}. */
    public static MailServer smtps(GreenMailConfiguration configuration) {
        return new MailServer(ServerSetup.PROTOCOL_SMTPS, configuration);
    }

    /** The PEM file of the CA that signed the SMTPS certificate. */
    public static Path trustedCertificate() {
        return TLS_FILES.resolve("smtp-localhost-ca.pem");
    }

    public int port() {
        return secure ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    /** Waits up to the timeout for at least this many deliveries, then returns every one received. */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        greenMail.waitForIncomingEmail(timeout.toMillis(), count);
        return received();
    }

    /** Every delivery so far: GreenMail files a message once per recipient. */
    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Every distinct message received so far (by Message-ID), in arrival order, with all its recipients. */
    public List<Mail> mails() {
        Map<String, Mail> byId = new LinkedHashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                Object content = m.getContent();
                String body = content instanceof String text ? text : GreenMailUtil.getBody(m);
                byId.putIfAbsent(
                        m.getMessageID(),
                        new Mail(
                                addresses(m.getRecipients(MimeMessage.RecipientType.TO)),
                                String.join(",", addresses(m.getFrom())),
                                m.getSubject(),
                                body));
            } catch (MessagingException e) {
                throw new IllegalStateException("GreenMail holds a message that cannot be read: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Forgets every message received, so the next run's are the only ones. */
    public void reset() {
        greenMail.reset();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null
                ? List.of()
                : Arrays.stream(addresses).map(Address::toString).toList();
    }

    /** The keystore and CA ship inside the testbed jar; GreenMail and the mailer under test want files. */
    private static Path extractTlsFiles() {
        try {
            Path dir = Files.createTempDirectory("mtb-mail-tls");
            dir.toFile().deleteOnExit();
            for (String name : List.of("smtp-localhost.p12", "smtp-localhost-ca.pem")) {
                try (InputStream in = MailServer.class.getResourceAsStream(RESOURCES + name)) {
                    if (in == null) throw new TestbedException("the testbed jar lacks " + RESOURCES + name);
                    Path file = dir.resolve(name);
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                    file.toFile().deleteOnExit();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the SMTPS test certificate: " + e.getMessage(), e);
        }
    }
}
