package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.node.SubmitNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BrokenNodesIT {

    @RegisterExtension
    static final TestbedExtension BED =
            new TestbedExtension(TestbedSpec.of(1, "alpha").withUnpingableNode().withSshdDownNode());

    @Test
    void theUnpingableNodeFailsPingButItsSshdWorks() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        SubmitNode noping = bed.unpingableNode().orElseThrow();

        CommandResult ping = cmd.ping(noping);
        assertFalse(ping.succeeded(), BedCommands.explain(ping));

        Path cache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(bed.account("alpha"), cache).succeeded());
        CommandResult ssh = cmd.sshAsOperator(bed.account("alpha"), noping, cache, "hostname");
        assertTrue(ssh.succeeded(), BedCommands.explain(ssh));
        assertEquals(noping.hostName(), ssh.stdout().strip());
    }

    @Test
    void theSshdDownNodeAnswersPingButRefusesSsh() {
        Testbed bed = BED.bed();
        BedCommands cmd = new BedCommands(bed);
        SubmitNode nosshd = bed.sshdDownNode().orElseThrow();

        CommandResult ping = cmd.ping(nosshd);
        assertTrue(ping.succeeded(), BedCommands.explain(ping));

        Path cache = cmd.newCachePath();
        assertTrue(cmd.kinitAsOperator(bed.account("alpha"), cache).succeeded());
        CommandResult ssh = cmd.sshAsOperator(bed.account("alpha"), nosshd, cache, "true");
        assertEquals(255, ssh.exitCode(), BedCommands.explain(ssh));
        assertTrue(ssh.stderr().contains("Connection refused"), BedCommands.explain(ssh));
    }

    @Test
    void aGoodNodeAnswersPing() {
        CommandResult ping = new BedCommands(BED.bed()).ping(BED.bed().node("node1"));
        assertTrue(ping.succeeded(), BedCommands.explain(ping));
    }
}
