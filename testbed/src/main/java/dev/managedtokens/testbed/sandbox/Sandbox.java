package dev.managedtokens.testbed.sandbox;

import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
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
 * Pushgateway), and takes the bed down again, leaving nothing running.
 */
public final class Sandbox {

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new Sandbox().run(AdminHost.locateRepo()));
    }

    int run(Path repo) {
        heading("Starting the testbed (MIT KDC, sshd submit nodes, Pushgateway, HTCondor/Vault stand-ins)");
        TestbedSpec spec = TestbedSpec.of(2, "dunepro", "mutwo", "dunein").withUnpingableNode();
        try (Testbed bed = Testbed.start(spec)) {
            out.printf("up in %d ms: realm %s, nodes %s%n", bed.startDuration().toMillis(), bed.realm(),
                    String.join(", ", bed.allNodes().stream().map(SubmitNode::hostName).toList()));
            AdminHost host = new AdminHost(bed, repo);
            host.definePool("credd1.pool", "credd2.pool");
            host.onboard("dune", "production", "dunepro");
            host.onboard("mu2e", "analysis", "mutwo");
            host.onboard("dune", "integration", "dunein");
            host.writeConfig(experiments(bed, host), """
                    storerConcurrency: 4
                    disableNotifications: true
                    prometheus:
                      host: %s
                    """.formatted(bed.pushgateway().url().replaceFirst("^https?://", "")));
            host.handStateToOperator();
            out.println("configuration: " + host.configFile());

            heading("token-push --list-services");
            show(host.run("token-push", List.of("-c", host.configFile().toString(), "--list-services"),
                    Duration.ofMinutes(1)));

            heading("token-push (the hourly job), as the operator account " + bed.operator().name());
            AdminHost.LauncherRun run = host.run("token-push", List.of("-c", host.configFile().toString()),
                    Duration.ofMinutes(5));
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
            show(host.run("token-push", List.of("status", "-c", host.configFile().toString()),
                    Duration.ofMinutes(1)));

            heading("Pushgateway " + bed.pushgateway().url());
            List<String> metrics = bed.pushgateway().metricsText().lines()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("push_") && !l.startsWith("pushgateway_")
                            && !l.startsWith("go_") && !l.startsWith("process_"))
                    .toList();
            if (metrics.isEmpty()) {
                out.println("  (no metrics pushed yet: token-push pushes them once notifications and metrics land)");
            }
            metrics.forEach(l -> out.println("  " + l));

            heading("Taking the testbed down");
            int exit = run.exit();
            out.println(exit == 0 ? "sandbox: token-push succeeded for every service"
                    : "sandbox: token-push exited " + exit + " (see its summary above)");
            return exit == 0 ? 0 : 1;
        } catch (RuntimeException e) {
            System.err.println("sandbox: " + e.getMessage());
            return 1;
        }
    }

    private static String experiments(Testbed bed, AdminHost host) {
        String n1 = bed.node("node1").hostName();
        String n2 = bed.node("node2").hostName();
        String noping = bed.unpingableNode().orElseThrow().hostName();
        // UIDs come from desiredUIDOverride until refresh-uids-from-ferry fills the database in the sandbox.
        return """
                dune:
                  emails: [dune-ops@example.org]
                  roles:
                    production:
                      account: %s
                      desiredUIDOverride: %d
                      destinationNodes: [%s, %s, %s]
                mu2e:
                  roles:
                    analysis:
                      account: %s
                      desiredUIDOverride: %d
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                dune-int:
                  experimentOverride: dune
                  roles:
                    integration:
                      account: %s
                      desiredUIDOverride: %d
                      destinationNodes: [%s]
                """.formatted(host.user("dunepro"), uid(bed, "dunepro"), n1, n2, noping,
                host.user("mutwo"), uid(bed, "mutwo"), n1,
                host.user("dunein"), uid(bed, "dunein"), n2);
    }

    private static int uid(Testbed bed, String account) {
        ServiceAccount a = bed.account(account);
        return a.uid();
    }

    private void listTmp(SubmitNode node) {
        out.println("  " + node.hostName() + ":/tmp");
        try (Stream<Path> files = Files.list(node.tmpDir())) {
            List<Path> sorted = files.sorted().toList();
            if (sorted.isEmpty()) out.println("    (empty)");
            for (Path p : sorted) {
                out.printf("    %s  uid %-6s %4d bytes  %s%n",
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                        Files.getAttribute(p, "unix:uid"), Files.size(p), p.getFileName());
            }
        } catch (IOException e) {
            out.println("    cannot list " + node.tmpDir() + ": " + e.getMessage());
        }
    }

    private void show(AdminHost.LauncherRun r) {
        r.stdout().lines().forEach(l -> out.println("  " + l));
        r.stderr().lines().filter(l -> !l.startsWith("WARNING: ")).forEach(l -> out.println("  ! " + l));
        out.println("  (exit " + r.exit() + ")");
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
    }
}
