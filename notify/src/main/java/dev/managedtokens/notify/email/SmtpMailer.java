package dev.managedtokens.notify.email;

import dev.managedtokens.core.config.EmailSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Sends plain-text UTF-8 emails through the configured SMTP server with Jakarta Mail: {@code EHLO localhost}, TLS as
 * {@link SmtpSecurity} says with certificates and host name verified, AUTH only over TLS, every network wait bounded.
 * One connection per email.
 */
public final class SmtpMailer {

    /** The Go service's dial timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final EmailSettings settings;
    private final SmtpSecurity security;
    private final Duration timeout;

    /** @param timeout the longest any single wait on the server (connect, read, write) may take */
    public SmtpMailer(EmailSettings settings, SmtpSecurity security, Duration timeout) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.security = Objects.requireNonNull(security, "security");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code host:port} of the server, for messages. */
    public String server() {
        return settings.smtpHost() + ":" + settings.smtpPort();
    }

    public void send(EmailMessage email) throws EmailException {
        String what = "cannot send email '" + email.subject() + "' to " + email.to() + " via " + server();
        if (settings.smtpPort() <= 0 || settings.smtpPort() > 65535) {
            throw new EmailException(
                    what + ": email.smtpPort is " + settings.smtpPort() + "; set it to the SMTP server's port");
        }
        if (settings.smtpHost() == null || settings.smtpHost().isBlank()) {
            throw new EmailException(what + ": email.smtpHost is empty; set it to the SMTP server's host name");
        }
        if (settings.from() == null || settings.from().isBlank()) {
            throw new EmailException(what + ": email.from is empty; set it to the sender address");
        }
        if (email.to().isEmpty()) {
            throw new EmailException(what + ": no recipients");
        }
        String protocol = security.tls() == TlsMode.IMPLICIT_TLS ? "smtps" : "smtp";
        Session session = Session.getInstance(properties(protocol));
        try {
            MimeMessage message = message(session, email);
            try (Transport transport = session.getTransport(protocol)) {
                String user = security.login().map(SmtpLogin::username).orElse(null);
                String password = security.login().map(SmtpLogin::password).orElse(null);
                transport.connect(settings.smtpHost(), settings.smtpPort(), user, password);
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (AddressException e) {
            throw new EmailException(
                    what + ": invalid address '" + e.getRef() + "': " + e.getMessage()
                            + "; check email.from, admin_email and the experiments' emails",
                    e);
        } catch (MessagingException e) {
            throw new EmailException(what + ": " + Causes.oneLine(e), e);
        }
    }

    private MimeMessage message(Session session, EmailMessage email) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from().strip(), true));
        message.setRecipients(Message.RecipientType.TO, recipients(email.to()).toArray(InternetAddress[]::new));
        message.setSubject(email.subject(), "UTF-8");
        message.setText(email.body(), "UTF-8");
        // As the Go service: quoted-printable, so the tables' trailing spaces and long lines survive relays.
        message.setHeader("Content-Transfer-Encoding", "quoted-printable");
        message.setSentDate(Date.from(Instant.now()));
        message.saveChanges();
        return message;
    }

    /**
     * Each entry may be one address or a comma-separated list of them (the Go service failed on {@code "a@x, b@y"});
     * every address is checked strictly, and each is used once.
     */
    private static List<InternetAddress> recipients(List<String> entries) throws AddressException {
        Set<String> seen = new LinkedHashSet<>();
        List<InternetAddress> to = new ArrayList<>();
        for (String entry : entries) {
            InternetAddress[] parsed = InternetAddress.parse(entry.strip(), true);
            if (parsed.length == 0) {
                throw new AddressException("no address", entry);
            }
            for (InternetAddress address : parsed) {
                address.validate();
                if (seen.add(address.getAddress().toLowerCase(java.util.Locale.ROOT))) {
                    to.add(address);
                }
            }
        }
        return to;
    }

    private Properties properties(String protocol) throws EmailException {
        String p = "mail." + protocol + ".";
        long waitMillis = Math.max(1, timeout.toMillis());
        Properties props = new Properties();
        // Jakarta Mail would otherwise look up the local host name for the Message-ID, slow where DNS is broken.
        props.put("mail.from", settings.from().strip());
        props.put(p + "host", settings.smtpHost());
        props.put(p + "port", Integer.toString(settings.smtpPort()));
        props.put(p + "connectiontimeout", Long.toString(Math.min(CONNECT_TIMEOUT.toMillis(), waitMillis)));
        props.put(p + "timeout", Long.toString(waitMillis));
        props.put(p + "writetimeout", Long.toString(waitMillis));
        props.put(p + "localhost", "localhost");
        props.put(p + "auth", Boolean.toString(security.login().isPresent()));
        props.put(p + "ssl.checkserveridentity", "true");
        if (security.tls() != TlsMode.IMPLICIT_TLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", Boolean.toString(security.tlsRequired()));
        }
        if (security.trustedCertificates().isPresent()) {
            props.put(
                    p + "ssl.socketFactory",
                    TrustedCertificates.socketFactory(
                            security.trustedCertificates().get()));
        }
        return props;
    }
}
