package dev.managedtokens.worker.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FakePrograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServicePushTest {

    // Logs "<dest> <source mode> <source content>"; fails for destinations in $FAIL (a substring match);
    // with $BARRIER set, waits until $BARRIER_COUNT pushes have started.
    private static final String RSYNC = """
            for a; do src="$dst"; dst="$a"; done
            echo "push $dst $(stat -c %a "$src") $(cat "$src")" >> "$FAKE_LOG"
            if [ -n "$BARRIER" ]; then
              mktemp "$BARRIER/p.XXXXXX" > /dev/null
              while [ "$(ls "$BARRIER" | wc -l)" -lt "$BARRIER_COUNT" ]; do sleep 0.02; done
            fi
            case "$dst" in *"$FAIL"*) [ -n "$FAIL" ] && { echo "Permission denied" >&2; exit 255; } ;; esac
            exit 0
            """;

    @TempDir
    Path dir;

    FakePrograms fakes;
    ServicePush push;
    Path source;
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        fakes = new FakePrograms(dir);
        fakes.install("rsync", RSYNC);
        push = new ServicePush(new TokenPusher(new ProcessRunner(16)));
        source = Files.writeString(dir.resolve("vt_u1000-credd1-svc"), "hvs.token");
        tmp = Files.createDirectories(dir.resolve("tmp"));
    }

    private ServicePushRequest request(List<String> nodes, String roleDest, Map<String, String> env, int retries) {
        PushOptions o = new PushOptions(
                null,
                null,
                List.of("-o", "ConnectTimeout=30"),
                List.of(),
                "FILE:/cc",
                fakes.environment(env),
                Duration.ofSeconds(20),
                retries,
                Duration.ofMillis(1));
        return new ServicePushRequest(
                "dune_production", 5000, "dunepro", nodes, source, "production", roleDest, tmp, Set.of(), o);
    }

    private List<String> pushes() {
        return fakes.calls().stream()
                .filter(l -> l.startsWith("push "))
                .sorted()
                .toList();
    }

    @Test
    void pushesBothVaultTokenCopiesAndTheRoleFileToEveryNode() throws IOException {
        ServicePushResult r = push.push(request(List.of("n1", "n2"), "/tmp/role_dunepro", Map.of(), 0));

        assertTrue(r.succeeded());
        assertNull(r.roleFileFailure());
        assertEquals(
                List.of(
                        "push dunepro@n1:/tmp/role_dunepro 600 production",
                        "push dunepro@n1:/tmp/vt_u5000 644 hvs.token",
                        "push dunepro@n1:/tmp/vt_u5000-dune_production 644 hvs.token",
                        "push dunepro@n2:/tmp/role_dunepro 600 production",
                        "push dunepro@n2:/tmp/vt_u5000 644 hvs.token",
                        "push dunepro@n2:/tmp/vt_u5000-dune_production 644 hvs.token"),
                pushes());
        assertEquals(
                List.of("n1", "n1", "n1", "n2", "n2", "n2"),
                r.pushes().stream().map(FilePushResult::node).toList());
        assertEquals(
                List.of(PushedFile.VAULT_TOKEN, PushedFile.SERVICE_VAULT_TOKEN, PushedFile.ROLE_FILE),
                r.pushes().subList(0, 3).stream().map(FilePushResult::file).toList());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(0, left.count(), "the role file is removed afterwards");
        }
    }

    @Test
    void theRoleFileHoldsTheRoleAndANewline() {
        fakes.install(
                "rsync",
                "for a; do src=\"$dst\"; dst=\"$a\"; done; case \"$dst\" in *role*) cp \"$src\" "
                        + dir.resolve("role-copy") + ";; esac");
        push.push(request(List.of("n1"), "/tmp/role", Map.of(), 0));
        assertEquals("production\n", readQuietly(dir.resolve("role-copy")));
    }

    @Test
    void noRoleFileDestinationMeansNoRoleFile() {
        ServicePushResult r = push.push(request(List.of("n1"), null, Map.of(), 0));
        assertEquals(2, r.pushes().size());
        assertFalse(r.pushes().stream().anyMatch(p -> p.file() == PushedFile.ROLE_FILE));
    }

    @Test
    void aFailedRoleFileDoesNotFailTheServiceAndIsNotRetried() {
        ServicePushResult r = push.push(request(List.of("n1"), "/tmp/role_dunepro", Map.of("FAIL", "role_"), 3));

        assertTrue(r.succeeded());
        FilePushResult role = r.pushes().get(2);
        assertFalse(role.succeeded());
        assertEquals(1, role.result().attempts());
    }

    @Test
    void aNodeWithAFailedVaultTokenFailsTheServiceAndTheOthersStillGetTheirs() {
        ServicePushResult r = push.push(request(List.of("n1", "bad", "n3"), null, Map.of("FAIL", "@bad:"), 0));

        assertFalse(r.succeeded());
        assertEquals(List.of("bad"), r.failedNodes());
        assertEquals(List.of("n1", "n3"), r.succeededNodes());
        assertEquals(2, r.failedVaultTokenPushes("bad").size());
    }

    @Test
    void allPushesOfAServiceRunAtOnce() throws IOException {
        Path barrier = Files.createDirectory(dir.resolve("barrier"));
        Map<String, String> env = new HashMap<>(Map.of("BARRIER", barrier.toString(), "BARRIER_COUNT", "9"));
        ServicePushResult r = push.push(request(List.of("n1", "n2", "n3"), "/tmp/role", env, 0));

        assertTrue(r.pushes().stream().allMatch(FilePushResult::succeeded), r.toString());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "<missing: " + e + ">";
        }
    }
}
