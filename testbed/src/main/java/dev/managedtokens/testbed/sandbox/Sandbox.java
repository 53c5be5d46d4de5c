package dev.managedtokens.testbed.sandbox;

import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.ferry.AdminHostFerry;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import dev.managedtokens.testbed.mail.MailServer;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.standins.StoredCredential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/sandbox}: brings a bed up, runs the real token-push on it as the operator account, shows what
 * happened (the run's summary, the files on each node with their modes, the credds, {@code token-push status}, the
 * Pushgateway), ends with {@code token-push check} of the bed, and takes the bed down again, leaving nothing running.
 */
public final class Sandbox {

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new Sandbox().run(AdminHost.locateRepo()));
    }

    int run(Path repo) {
        heading("Starting the testbed (MIT KDC, sshd submit nodes, Pushgateway, HTCondor/Vault stand-ins)");
        TestbedSpec spec = TestbedSpec.of(2, "dunepro", "mutwo", "dunein", "novapro")
                .withUnpingableNode()
                .withSshdDownNode();
        try (Testbed bed = Testbed.start(spec)) {
            out.printf(
                    "up in %d ms: realm %s, nodes %s%n",
                    bed.startDuration().toMillis(),
                    bed.realm(),
                    String.join(
                            ", ",
                            bed.allNodes().stream().map(SubmitNode::hostName).toList()));
            AdminHost host = new AdminHost(bed, repo);
            try (MailServer mail = MailServer.smtp();
                    FerryStandIn ferry = AdminHostFerry.start(host)) {
                return runOn(bed, host, ferry, mail);
            }
        } catch (RuntimeException e) {
            System.err.println("sandbox: " + e.getMessage());
            return 1;
        }
    }

    private int runOn(Testbed bed, AdminHost host, FerryStandIn ferry, MailServer mail) {
        host.definePool("credd1.pool", "credd2.pool");
        host.onboard("dune", "production", "dunepro");
        host.onboard("mu2e", "analysis", "mutwo");
        host.onboard("dune", "integration", "dunein");
        host.onboard("nova", "production", "novapro");
        host.writeConfig(experiments(bed, host), """
                storerConcurrency: 4
                errorCountToSendMessage: 0
                email:
                  from: managed-tokens@admin.example
                  smtpHost: 127.0.0.1
                  smtpPort: %d
                notifications:
                  admin_email: token-admins@example.org
                prometheus:
                  host: %s
                %s""".formatted(
                        mail.port(),
                        bed.pushgateway().url(),
                        ferry.configSection(ferry.certificates().client())));
        host.handStateToOperator();
        out.println("configuration: " + host.configFile());

        heading("refresh-uids-from-ferry (the daily job): UIDs from the FERRY stand-in over TLS into the database");
        show(host.run("refresh-uids-from-ferry", List.of("-c", host.configFile().toString()), Duration.ofMinutes(2)));

        heading("token-push --list-services");
        show(host.run(
                "token-push", List.of("-c", host.configFile().toString(), "--list-services"), Duration.ofMinutes(1)));

        heading("token-push (the hourly job), as the operator account "
                + bed.operator().name());
        AdminHost.LauncherRun run =
                host.run("token-push", List.of("-c", host.configFile().toString()), Duration.ofMinutes(5));
        show(run);

        heading("Files on the nodes");
        for (SubmitNode node : bed.allNodes()) {
            listTmp(node);
        }

        heading("Credentials in the credds (service, identity it was filed under)");
        for (String credd : List.of("credd1.pool", "credd2.pool")) {
            for (StoredCredential c : host.standIns().credentials(credd)) {
                out.printf("  %-12s %-18s %s%n", credd, c.service(), c.identity());
            }
        }

        heading("token-push status");
        show(host.run("token-push", List.of("status", "-c", host.configFile().toString()), Duration.ofMinutes(1)));

        heading("Email the run sent (nova_production's push to the node whose sshd is down failed)");
        List<MailServer.Mail> mails = mail.mails();
        mails.forEach(this::showMail);

        heading("Metrics in the Pushgateway " + bed.pushgateway().url() + " (histogram buckets left out)");
        List<String> metrics = bed.pushgateway()
                .metricsText()
                .lines()
                .filter(l -> l.startsWith("managed_tokens_") && !l.contains("_bucket{"))
                .toList();
        metrics.forEach(l -> out.println("  " + l));

        // token-push check: the read-only walk of every link, as an operator or a monitoring system runs it.
        String nosshd = bed.sshdDownNode().orElseThrow().hostName();
        heading("token-push check (read-only, link by link): the node whose sshd is down, " + nosshd + ", shows");
        long checkStart = System.nanoTime();
        AdminHost.LauncherRun check =
                host.run("token-push", List.of("check", "-c", host.configFile().toString()), Duration.ofMinutes(5));
        long checkMillis = (System.nanoTime() - checkStart) / 1_000_000;
        show(check);
        out.println("  (token-push check took " + checkMillis + " ms through the launcher, JVM start included)");
        heading("refresh-uids-from-ferry check");
        show(host.run(
                "refresh-uids-from-ferry",
                List.of("check", "-c", host.configFile().toString()),
                Duration.ofMinutes(2)));
        boolean checkShowsSshd = check.exit() == 3
                && check.stdout()
                        .lines()
                        .anyMatch(l -> l.contains(" node ") && l.contains(nosshd) && l.contains("ssh"));

        heading("Taking the testbed down");
        // The sandbox is set up so that exactly one service fails: it shows how a failure is reported.
        boolean asDesigned = run.exit() == 3
                && run.stdout().contains("FAILED  nova_production")
                && run.stdout().contains("4 services, 3 succeeded, 1 failed")
                && mails.size() >= 2
                && !metrics.isEmpty()
                && checkShowsSshd;
        out.println(
                asDesigned
                        ? "sandbox: as designed: three services pushed, nova_production's failure reported by email and in"
                                + " the metrics (token-push exit 3)"
                        : "sandbox: NOT as designed: token-push exited " + run.exit() + ", " + mails.size()
                                + " email(s), " + metrics.size() + " metric line(s), token-push check exited "
                                + check.exit()
                                + (checkShowsSshd ? "" : " without a failed node line for " + nosshd) + "; see above");
        return asDesigned ? 0 : 1;
    }

    private static String experiments(Testbed bed, AdminHost host) {
        String n1 = bed.node("node1").hostName();
        String n2 = bed.node("node2").hostName();
        String noping = bed.unpingableNode().orElseThrow().hostName();
        String nosshd = bed.sshdDownNode().orElseThrow().hostName();
        // No desiredUIDOverride: the UIDs come from the database that refresh-uids-from-ferry fills first.
        return """
                dune:
                  emails: [dune-ops@example.org]
                  roles:
                    production:
                      account: %s
                      destinationNodes: [%s, %s, %s]
                mu2e:
                  roles:
                    analysis:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                dune-int:
                  experimentOverride: dune
                  roles:
                    integration:
                      account: %s
                      destinationNodes: [%s]
                nova:
                  emails: [nova-ops@example.org]
                  roles:
                    production:
                      account: %s
                      destinationNodes: [%s, %s]
                """.formatted(
                        host.user("dunepro"),
                        n1,
                        n2,
                        noping,
                        host.user("mutwo"),
                        n1,
                        host.user("dunein"),
                        n2,
                        host.user("novapro"),
                        n1,
                        nosshd);
    }

    private void listTmp(SubmitNode node) {
        out.println("  " + node.hostName() + ":/tmp");
        try (Stream<Path> files = Files.list(node.tmpDir())) {
            List<Path> sorted = files.sorted().toList();
            if (sorted.isEmpty()) out.println("    (empty)");
            for (Path p : sorted) {
                out.printf(
                        "    %s  uid %-6s %4d bytes  %s%n",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                        Files.getAttribute(p, "unix:uid"),
                        Files.size(p),
                        p.getFileName());
            }
        } catch (IOException e) {
            out.println("    cannot list " + node.tmpDir() + ": " + e.getMessage());
        }
    }

    private void showMail(MailServer.Mail m) {
        out.println("  To: " + String.join(", ", m.to()));
        out.println("  Subject: " + m.subject());
        m.body().lines().forEach(l -> out.println("  | " + l));
        out.println();
    }

    /** The launcher's output; of its log lines on stderr, only warnings and errors. */
    private void show(AdminHost.LauncherRun r) {
        r.stdout().lines().forEach(l -> out.println("  " + l));
        r.stderr()
                .lines()
                .filter(l -> !l.startsWith("WARNING: ") && !l.contains("level=info") && !l.contains("level=debug"))
                .forEach(l -> out.println("  ! " + l));
        out.println("  (exit " + r.exit() + ")");
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
    }
}
