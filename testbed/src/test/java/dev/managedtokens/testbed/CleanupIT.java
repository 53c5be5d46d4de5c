package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** After close, and after a start that fails half-way, nothing of the bed is left on the machine. */
class CleanupIT {

    @Test
    void closeLeavesNoDaemonAccountNamespaceNameOrDirectoryBehind() throws Exception {
        Set<Long> childrenBefore = childPids();
        Testbed bed =
                Testbed.start(TestbedSpec.of(2, "alpha").withUnpingableNode().withSshdDownNode());
        String id = bed.id();
        Path dir = bed.dir();
        SubmitNode noping = bed.unpingableNode().orElseThrow();
        try {
            // An open session at close time: its processes must go too.
            BedCommands cmd = new BedCommands(bed);
            Path cache = cmd.newCachePath();
            assertTrue(cmd.kinitAsOperator(bed.account("alpha"), cache).succeeded());
            assertTrue(cmd.sshAsOperator(bed.account("alpha"), bed.node("node1"), cache, "true")
                    .succeeded());
            assertTrue(Files.readString(Path.of("/etc/hosts")).contains("managed-tokens testbed " + id));
            assertTrue(ipNetns().contains(noping.namespaceName()));
            assertTrue(childPids().size() >= childrenBefore.size() + 5, "expected KDC, 3 sshd, Pushgateway");
        } finally {
            bed.close();
        }

        assertNothingLeftOf(id, dir, noping.address());
        Set<Long> childrenAfter = childPids();
        childrenAfter.removeAll(childrenBefore);
        assertEquals(Set.of(), childrenAfter, "children of this JVM left running");
        assertTrue(bed.closeDuration().compareTo(Duration.ofSeconds(10)) < 0, "close took " + bed.closeDuration());
    }

    @Test
    void aStartThatFailsLeavesNothingBehindAndSaysWhy() throws Exception {
        Set<Long> childrenBefore = childPids();
        // No daemon is ready within a microsecond: every part starts, the first readiness check fails.
        TestbedException e = assertThrows(
                TestbedException.class,
                () -> Testbed.start(
                        TestbedSpec.of(1, "alpha").withUnpingableNode().withStartTimeout(Duration.ofNanos(1000))));

        assertTrue(e.getMessage().contains("not ready within"), e.getMessage());
        Matcher m = Pattern.compile("/mtb-([a-z0-9]{5})/").matcher(e.getMessage());
        assertTrue(m.find(), "the message names no file of the bed: " + e.getMessage());
        String id = m.group(1);
        assertNothingLeftOf(id, Path.of("/var/tmp/mtb-" + id), null);
        Set<Long> childrenAfter = childPids();
        childrenAfter.removeAll(childrenBefore);
        assertEquals(Set.of(), childrenAfter, "children of this JVM left running");
    }

    private static void assertNothingLeftOf(String id, Path dir, String nopingAddress) throws IOException {
        assertFalse(Files.exists(dir), dir + " still exists");
        assertFalse(
                Files.readString(Path.of("/etc/hosts")).contains("managed-tokens testbed " + id),
                "/etc/hosts still has the block of " + id);
        List<String> users = run(List.of("/usr/bin/getent", "passwd"))
                .stdout()
                .lines()
                .filter(l -> l.startsWith(Testbed.PREFIX + id))
                .toList();
        assertEquals(List.of(), users, "accounts of " + id + " left");
        assertFalse(ipNetns().contains(Testbed.PREFIX + id), "namespace left: " + ipNetns());
        String links = run(List.of("/usr/sbin/ip", "-o", "link", "show")).stdout();
        assertFalse(links.contains(Testbed.PREFIX + id), "veth left: " + links);
        if (nopingAddress != null) {
            String subnet = nopingAddress.substring(0, nopingAddress.lastIndexOf('.') + 1);
            String routes = run(List.of("/usr/sbin/ip", "-4", "route", "show", "table", "all"))
                    .stdout();
            assertFalse(routes.contains(subnet), "routes left: " + routes);
        }
        assertEquals(List.of(), StaleBeds.liveProcessesMentioning(dir + "/"), "processes of the bed left");
    }

    private static CommandResult run(List<String> argv) {
        return new Tools(new dev.managedtokens.core.process.ProcessRunner(1)).run(argv);
    }

    private static String ipNetns() {
        return run(List.of("/usr/sbin/ip", "netns", "list")).stdout();
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }
}
