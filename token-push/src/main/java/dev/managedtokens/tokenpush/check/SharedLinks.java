package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.EmailSettings;
import dev.managedtokens.core.metrics.MetricsPusher;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.DatabaseStatus;
import dev.managedtokens.db.ManagedTokensDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The links every service shares, checked once: the Pushgateway, the SMTP server, the Slack webhook setting and
 * the database. Nothing is pushed, mailed or posted, and the database is opened read-only.
 */
final class SharedLinks {

    /** The timeout of one probe: the one the run gives the Pushgateway. */
    static final Duration TIMEOUT = MetricsPusher.DEFAULT_TIMEOUT;

    private SharedLinks() {}

    static List<LinkResult> check(Config config) {
        List<LinkResult> links = new ArrayList<>();
        links.add(pushgateway(config));
        links.add(smtp(config.email()));
        links.add(slack(config.notifications().forRun(false).slackAlertsUrl()));
        links.add(database(Path.of(config.dbLocation())));
        return links;
    }

    private static LinkResult pushgateway(Config config) {
        String host = config.prometheus().host();
        if (host == null || host.isEmpty()) {
            return LinkResult.skipped("pushgateway", "", "prometheus.host is not set: metrics are not pushed");
        }
        long t0 = System.nanoTime();
        // The run's own start-up check: a GET of prometheus.host; on failure it logs the reason at ERROR.
        boolean up = new MetricsPusher(config.prometheus(), config.devEnvironmentLabel(), TIMEOUT).checkReachable();
        if (!up) {
            return LinkResult.failed(
                    "pushgateway",
                    host,
                    "the Pushgateway at " + host + " did not answer within " + TIMEOUT.toSeconds() + "s",
                    "check that it runs and that prometheus.host is right");
        }
        return LinkResult.ok("pushgateway", host, "answered in " + ServiceCheck.millis(elapsed(t0)));
    }

    /** Connects, reads the 220 greeting and says QUIT: no mail is sent. */
    private static LinkResult smtp(EmailSettings email) {
        if (email == null || email.smtpHost() == null || email.smtpHost().isEmpty()) {
            return LinkResult.skipped("smtp", "", "email.smtpHost is not set");
        }
        String where = email.smtpHost() + ":" + email.smtpPort();
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(email.smtpHost(), email.smtpPort()), (int) TIMEOUT.toMillis());
            s.setSoTimeout((int) TIMEOUT.toMillis());
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String greeting = in.readLine();
            OutputStream out = s.getOutputStream();
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            if (greeting == null || !greeting.startsWith("220")) {
                return LinkResult.failed(
                        "smtp",
                        where,
                        "the SMTP server at " + where + " did not greet with 220 ("
                                + (greeting == null ? "closed the connection" : greeting) + ")",
                        "check email.smtpHost and email.smtpPort");
            }
            return LinkResult.ok("smtp", where, "greeted in " + ServiceCheck.millis(elapsed(t0)));
        } catch (IOException e) {
            return LinkResult.failed(
                    "smtp",
                    where,
                    "cannot reach the SMTP server at " + where + ": " + e.getMessage(),
                    "check that it runs and that email.smtpHost and email.smtpPort are right");
        }
    }

    /** Only whether it is set: posting would alert the admins. The URL itself is a secret and is not shown. */
    private static LinkResult slack(String url) {
        if (url == null || url.isBlank()) {
            return LinkResult.skipped("slack", "", "notifications.SLACK_ALERTS_URL is not set: no Slack alerts");
        }
        String host;
        try {
            host = URI.create(url.strip()).getHost();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        if (host == null) {
            return LinkResult.failed(
                    "slack", "", "notifications.SLACK_ALERTS_URL is not a URL", "set it to the webhook URL Slack gave");
        }
        return LinkResult.ok("slack", host, "webhook configured");
    }

    private static LinkResult database(Path db) {
        try (ManagedTokensDatabase d = ManagedTokensDatabase.openReadOnly(db)) {
            DatabaseStatus status = d.status();
            return LinkResult.ok(
                    "database",
                    db.toString(),
                    "readable, application_id "
                            + ManagedTokensDatabase.APPLICATION_ID + ", "
                            + status.uids().size() + " UIDs, "
                            + status.services().size() + " services");
        } catch (DatabaseException e) {
            return LinkResult.failed(
                    "database",
                    db.toString(),
                    e.getMessage(),
                    "check dbLocation; refresh-uids-from-ferry creates and fills it");
        }
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
