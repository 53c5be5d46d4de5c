package dev.managedtokens.worker.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFileListingTest {

    @Test
    void theRemoteCommandOnlyReadsAndQuotesEveryPath() {
        String cmd = NodeFileListing.remoteCommand(List.of("/tmp/vt_u1", "/tmp/role file's"));
        assertEquals(
                "LC_ALL=C date +%s; LC_ALL=C stat --printf '%u %U %a %s %Y %n\\n' -- '/tmp/vt_u1'"
                        + " '/tmp/role file'\\''s'",
                cmd);
    }

    @Test
    void argvLogsInAsTheAccountWithThePushsOptions() {
        var r = new NodeFileListing.Request(
                "node1",
                "dunepro",
                List.of("-o", "GSSAPIAuthentication=yes"),
                "FILE:/c",
                List.of("/tmp/vt_u1"),
                Map.of(),
                Duration.ofSeconds(5));
        List<String> argv = NodeFileListing.argv(r);
        assertEquals(
                List.of("ssh", "-o", "GSSAPIAuthentication=yes", "-l", "dunepro", "--", "node1"), argv.subList(0, 7));
        assertThrows(
                IllegalArgumentException.class,
                () -> NodeFileListing.argv(new NodeFileListing.Request(
                        "n", "-oProxyCommand=x", List.of(), null, List.of(), Map.of(), Duration.ofSeconds(1))));
    }

    @Test
    void parsesTheNodesClockAndEachPresentFile() {
        var r = NodeFileListing.parse(
                "n",
                "1700000100\n1004 dunepro 400 96 1700000000 /tmp/vt_u1004\n"
                        + "1004 dunepro 600 5 1699990000 /tmp/role file\n",
                Duration.ZERO);
        assertTrue(r.succeeded());
        assertEquals(1700000100L, r.nodeEpochSecond());
        assertEquals(
                new NodeFileListing.NodeFile("/tmp/vt_u1004", 1004, "dunepro", 0400, 96, 1700000000L),
                r.file("/tmp/vt_u1004").orElseThrow());
        assertEquals(0600, r.file("/tmp/role file").orElseThrow().mode());
        assertFalse(r.file("/tmp/vt_u1004-x").isPresent());
    }

    @Test
    void anAnswerWithoutTheDateIsAFailure() {
        assertFalse(NodeFileListing.parse("n", "Welcome!\n", Duration.ZERO).succeeded());
    }
}
