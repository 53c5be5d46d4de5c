package dev.managedtokens.notify.testsupport;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real SMTP server in-process (GreenMail) on loopback with an ephemeral port: plain SMTP, or SMTPS with a
 * certificate for {@code localhost} only (resource {@code smtp-localhost.p12}, CA {@code smtp-localhost-ca.pem}).
 */
public final class MailServer implements AutoCloseable {

    static {
        // GreenMail reads its TLS keystore once per JVM, so every test that starts a server goes through here first.
        System.setProperty("greenmail.tls.keystore.file", resource("smtp-localhost.p12").toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    private final GreenMail greenMail;
    private final boolean secure;

    private MailServer(String protocol, GreenMailConfiguration configuration) {
        this.secure = protocol.equals(ServerSetup.PROTOCOL_SMTPS);
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        this.greenMail = new GreenMail(setup).withConfiguration(configuration);
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

    /** The PEM file with the certificate that SMTPS servers present. */
    public static Path trustedCertificate() {
        return resource("smtp-localhost-ca.pem");
    }

    public int port() {
        return secure ? greenMail.getSmtps().getPort() : greenMail.getSmtp().getPort();
    }

    /** Waits up to the timeout for at least this many messages, then returns every message received. */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        greenMail.waitForIncomingEmail(timeout.toMillis(), count);
        return received();
    }

    public List<MimeMessage> received() {
        return List.of(greenMail.getReceivedMessages());
    }

    public void reset() {
        greenMail.reset();
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static Path resource(String name) {
        try {
            return Path.of(MailServer.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource " + name + " missing", e);
        }
    }
}
