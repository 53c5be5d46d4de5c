package dev.managedtokens.worker.ping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.worker.BedTickets;
import dev.managedtokens.worker.FailureKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodePingerIT {

    @RegisterExtension
    static final TestbedExtension BED =
            new TestbedExtension(TestbedSpec.of(1).withUnpingableNode().withSshdDownNode());

    @Test
    void aNodeThatIgnoresPingIsUnpingableAndTheOthersAnswer() {
        Testbed bed = BED.bed();
        String good = bed.node("node1").hostName();
        String noPing = bed.unpingableNode().orElseThrow().hostName();
        String noSshd = bed.sshdDownNode().orElseThrow().hostName();

        PingResult r = new NodePinger(new ProcessRunner(8))
                .ping(new PingRequest(
                        "it_service",
                        List.of(good, noPing, noSshd),
                        List.of("-W", "1", "-c", "1"),
                        BedTickets.environment(bed),
                        Duration.ofSeconds(10)));

        assertEquals(List.of(noPing), r.unpingableNodes(), r.toString());
        NodePingResult failed = r.nodes().get(1);
        assertEquals(FailureKind.COMMAND_FAILED, failed.failure().kind());
        assertTrue(
                failed.failure().message().startsWith("ping " + noPing + " failed (exit 1)"),
                failed.failure().message());
    }
}
