package dev.managedtokens.worker.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.worker.BedTickets;
import dev.managedtokens.worker.FailureKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real rsync over real GSSAPI ssh to the bed's sshd nodes, each with its own /tmp. */
class ServicePushIT {

    @RegisterExtension
    static final TestbedExtension BED =
            new TestbedExtension(TestbedSpec.of(2, "pushit").withSshdDownNode());

    @TempDir
    Path dir;

    private static PushOptions options(Testbed bed, String krb5ccname) {
        List<String> ssh = new ArrayList<>(
                List.of("-o", "ConnectTimeout=30", "-o", "ServerAliveCountMax=1", "-o", "ServerAliveInterval=30"));
        ssh.addAll(bed.sshArguments());
        return new PushOptions(
                "rsync",
                "ssh",
                ssh,
                List.of("--perms", "--chmod=u=r,go="),
                krb5ccname,
                BedTickets.environment(bed),
                Duration.ofSeconds(30),
                0,
                Duration.ZERO);
    }

    private static void assertLanded(Path file, String content, ServiceAccount account) throws IOException {
        assertTrue(Files.isRegularFile(file), "nothing at " + file);
        assertEquals(content, Files.readString(file));
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        assertEquals(account.uid(), (int) Files.getAttribute(file, "unix:uid"), file.toString());
    }

    @Test
    void aTokenLandsReadOnlyOwnedByTheAccountOnThatNodeOnly() throws IOException {
        Testbed bed = BED.bed();
        ServiceAccount account = bed.account("pushit");
        String cache = BedTickets.kinit(bed, account, dir.resolve("cache"));
        Path token = Files.writeString(dir.resolve("token"), "hvs.pushed-token\n");
        String name = "vt_u" + account.uid() + "-single_push";

        PushResult r = new TokenPusher(new ProcessRunner(4))
                .push(new PushRequest(
                        token,
                        account.user(),
                        bed.node("node1").hostName(),
                        "/tmp/" + name,
                        false,
                        options(bed, cache)));

        assertTrue(r.succeeded(), r.toString());
        assertLanded(bed.node("node1").tmpDir().resolve(name), "hvs.pushed-token\n", account);
        assertFalse(Files.exists(bed.node("node2").tmpDir().resolve(name)), "node2 got node1's file");
        assertFalse(Files.exists(Path.of("/tmp", name)), "the machine's own /tmp got the node's file");
    }

    @Test
    void withoutATicketThePushFailsAndNothingLands() {
        Testbed bed = BED.bed();
        ServiceAccount account = bed.account("pushit");
        Path token = dir.resolve("token");
        String name = "vt_u" + account.uid() + "-no_ticket";

        PushResult r = new TokenPusher(new ProcessRunner(4))
                .push(new PushRequest(
                        writeQuietly(token),
                        account.user(),
                        bed.node("node1").hostName(),
                        "/tmp/" + name,
                        false,
                        options(bed, "FILE:" + dir.resolve("empty-cache"))));

        assertEquals(FailureKind.COMMAND_FAILED, r.failure().kind(), r.toString());
        // rsync reports ssh's refusal as 255 or, when the pipe closes first, 12 (protocol stream): both are failures.
        assertTrue(
                r.failure().message().matches(".*rsync command failed: exit (255|12).*Permission denied.*"),
                r.failure().message());
        assertFalse(Files.exists(bed.node("node1").tmpDir().resolve(name)));
    }

    @Test
    void everyNodeGetsBothTokensAndTheRoleFileExceptTheOneWithSshdDown() throws IOException {
        Testbed bed = BED.bed();
        ServiceAccount account = bed.account("pushit");
        String cache = BedTickets.kinit(bed, account, dir.resolve("cache"));
        Path token = Files.writeString(dir.resolve("vt_source"), "hvs.service-token\n");
        SubmitNode noSshd = bed.sshdDownNode().orElseThrow();
        Path oldOnBrokenNode = Files.writeString(noSshd.tmpDir().resolve("vt_u" + account.uid()), "hvs.old\n");
        List<String> nodes = List.of(
                bed.node("node1").hostName(),
                noSshd.hostName(),
                bed.node("node2").hostName());
        Path roleTmp = Files.createDirectory(dir.resolve("roletmp"));

        ServicePushResult r = new ServicePush(new TokenPusher(new ProcessRunner(8)))
                .push(new ServicePushRequest(
                        "pushit_production",
                        account.uid(),
                        account.user(),
                        nodes,
                        token,
                        "production",
                        "/tmp/role_pushit",
                        roleTmp,
                        Set.of(),
                        options(bed, cache)));

        assertFalse(r.succeeded());
        assertEquals(List.of(noSshd.hostName()), r.failedNodes());
        assertEquals(List.of(nodes.get(0), nodes.get(2)), r.succeededNodes());
        for (SubmitNode good : List.of(bed.node("node1"), bed.node("node2"))) {
            assertLanded(good.tmpDir().resolve("vt_u" + account.uid()), "hvs.service-token\n", account);
            assertLanded(
                    good.tmpDir().resolve("vt_u" + account.uid() + "-pushit_production"),
                    "hvs.service-token\n",
                    account);
            assertLanded(good.tmpDir().resolve("role_pushit"), "production\n", account);
        }
        assertEquals("hvs.old\n", Files.readString(oldOnBrokenNode), "the unreachable node's old token is untouched");
        assertTrue(
                r.failedVaultTokenPushes(noSshd.hostName())
                        .get(0)
                        .result()
                        .failure()
                        .message()
                        .contains("Connection refused"),
                r.toString());
        try (var left = Files.list(roleTmp)) {
            assertEquals(0, left.count(), "the role file's temporary copy is removed");
        }
    }

    private static Path writeQuietly(Path p) {
        try {
            return Files.writeString(p, "hvs.x\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
