package dev.managedtokens.tokenpush.e2e;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server in this JVM (GreenMail, plain SMTP on 127.0.0.1, ephemeral port) that token-push, running as
 * the operator in its own JVM, sends its emails to. GreenMail files a message once per recipient; {@link #mails}
 * gives each message once, with all its recipients.
 */
final class MailCatcher implements AutoCloseable {

    /** One email as sent: the {@code To} addresses, the subject and the decoded text body. */
    record Mail(List<String> to, String from, String subject, String body) {
        @Override
        public String toString() {
            return "Mail[to=" + to + ", subject=" + subject + "]\n" + body;
        }
    }

    private final GreenMail greenMail;

    private MailCatcher() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig());
        greenMail.start();
    }

    static MailCatcher start() {
        return new MailCatcher();
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every distinct message received so far (by Message-ID), in arrival order. */
    List<Mail> mails() {
        Map<String, Mail> byId = new LinkedHashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                byId.putIfAbsent(m.getMessageID(), new Mail(addresses(m.getRecipients(MimeMessage.RecipientType.TO)),
                        String.join(",", addresses(m.getFrom())), m.getSubject(), String.valueOf(m.getContent())));
            } catch (MessagingException e) {
                throw new IllegalStateException("GreenMail holds a message that cannot be read: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** Forgets every message received, so the next run's are the only ones. */
    void reset() {
        greenMail.reset();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }
}
