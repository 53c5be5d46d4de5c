package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.node.SubmitNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SubmitNodeIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(2, "alpha", "beta"));

    @Test
    void aPushWithATicketLandsReadOnlyOwnedByTheAccountInThatNodesTmpOnly() throws Exception {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        ServiceAccount alpha = bed.account("alpha");
        SubmitNode node1 = bed.node("node1");
        SubmitNode node2 = bed.node("node2");
        Path cache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(alpha, cache).succeeded());
        Path token = Files.writeString(bed.dir().resolve("token-a"), "vault-token-alpha\n");
        String name = "vt_u" + alpha.uid() + "-pushtest-" + bed.id();

        CommandResult push = cmd.pushAsOperator(token, alpha, node1, "/tmp/" + name, cache);

        assertTrue(push.succeeded(), BedCommands.explain(push));
        Path landed = node1.tmpDir().resolve(name);
        assertTrue(Files.isRegularFile(landed), "nothing at " + landed);
        assertEquals("vault-token-alpha\n", Files.readString(landed));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(landed)));
        assertEquals(alpha.uid(), (int) Files.getAttribute(landed, "unix:uid"));
        assertFalse(Files.exists(node2.tmpDir().resolve(name)), "node2's /tmp got node1's file");
        assertFalse(Files.exists(Path.of("/tmp", name)), "the machine's /tmp got the node's file");
        assertTrue(
                Files.readString(node1.sshdLog()).contains("Accepted gssapi-with-mic for " + alpha.user()),
                "sshd did not log a GSSAPI login");

        // Pushing again over the read-only file works, as on a real node.
        CommandResult again = cmd.pushAsOperator(token, alpha, node1, "/tmp/" + name, cache);
        assertTrue(again.succeeded(), BedCommands.explain(again));
    }

    @Test
    void aPushWithAnEmptyCacheIsRefused() throws Exception {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        ServiceAccount alpha = bed.account("alpha");
        SubmitNode node1 = bed.node("node1");
        Path empty = cmd.cacheWithoutTicketsOwnedByOperator(alpha.principal());
        CommandResult klist = cmd.runAsOperator(List.of("klist"), cmd.kerberosEnvironment(empty));
        assertTrue(klist.stdout().contains("Default principal: " + alpha.principal()), BedCommands.explain(klist));
        Path token = Files.writeString(bed.dir().resolve("token-empty"), "x\n");

        CommandResult ssh = cmd.sshAsOperator(alpha, node1, empty, "true");
        assertEquals(255, ssh.exitCode(), BedCommands.explain(ssh));
        assertTrue(ssh.stderr().contains("Permission denied"), BedCommands.explain(ssh));

        CommandResult push = cmd.pushAsOperator(token, alpha, node1, "/tmp/refused", empty);
        assertFalse(push.succeeded(), BedCommands.explain(push));
        assertTrue(push.stderr().contains("Permission denied"), BedCommands.explain(push));
        assertFalse(Files.exists(node1.tmpDir().resolve("refused")));
    }

    @Test
    void aPushWithoutAnyCacheIsRefused() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        CommandResult ssh = cmd.sshAsOperator(bed.account("alpha"), bed.node("node1"), cmd.newCachePath(), "true");
        assertEquals(255, ssh.exitCode(), BedCommands.explain(ssh));
        assertTrue(ssh.stderr().contains("Permission denied"), BedCommands.explain(ssh));
    }

    @Test
    void aPrincipalMissingFromTheAccountsK5loginIsRefused() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        Path betaCache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(bed.account("beta"), betaCache).succeeded());

        CommandResult ssh = cmd.sshAsOperator(bed.account("alpha"), bed.node("node1"), betaCache, "true");

        assertEquals(255, ssh.exitCode(), BedCommands.explain(ssh));
        assertTrue(ssh.stderr().contains("Permission denied"), BedCommands.explain(ssh));
    }

    @Test
    void eachNodeAnswersUnderItsOwnHostName() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        Path cache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(bed.account("alpha"), cache).succeeded());
        for (SubmitNode node : bed.nodes()) {
            CommandResult r = cmd.sshAsOperator(bed.account("alpha"), node, cache, "hostname");
            assertTrue(r.succeeded(), BedCommands.explain(r));
            assertEquals(node.hostName(), r.stdout().strip());
        }
    }

    @Test
    void aNodeWhoseSshdWasStoppedRefusesConnectionsUntilItIsStartedAgain() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        SubmitNode node2 = bed.node("node2");
        Path cache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(bed.account("alpha"), cache).succeeded());

        node2.stopSshd();
        try {
            CommandResult refused = cmd.sshAsOperator(bed.account("alpha"), node2, cache, "true");
            assertEquals(255, refused.exitCode(), BedCommands.explain(refused));
            assertTrue(refused.stderr().contains("Connection refused"), BedCommands.explain(refused));
        } finally {
            node2.startSshd();
        }
        CommandResult back = cmd.sshAsOperator(bed.account("alpha"), node2, cache, "true");
        assertTrue(back.succeeded(), BedCommands.explain(back));
    }
}
