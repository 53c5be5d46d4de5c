package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.worker.FailureKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceTokenFinderTest {

    @TempDir
    Path dir;

    Path root;
    Path tmp;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(dir.resolve("tokens"));
        tmp = Files.createDirectories(dir.resolve("tmp"));
    }

    @Test
    void perCreddPathHasTheCreddOnlyWhenThereIsOne() {
        assertEquals(root.resolve("vt_u1000-svc"), VaultPaths.storedToken(root, 1000, null, "svc"));
        assertEquals(root.resolve("vt_u1000-svc"), VaultPaths.storedToken(root, 1000, "", "svc"));
        assertEquals(root.resolve("vt_u1000-credd1-svc"), VaultPaths.storedToken(root, 1000, "credd1", "svc"));
        assertEquals(tmp.resolve("vt_u1000-svc"), VaultPaths.condorLocation(tmp, 1000, "svc"));
        assertEquals(Path.of("/tmp/vt_u1000"), VaultPaths.defaultToken(VaultPaths.DEFAULT_TMP_ROOT, 1000));
    }

    @Test
    void anEmptyCreddListIsAnError() throws IOException {
        Files.writeString(tmp.resolve("vt_u1000-svc"), "hvs.x");
        SourceTokenResult r = SourceTokenFinder.find(root, tmp, 1000, "svc", List.of());
        assertEquals(FailureKind.NO_SOURCE_TOKEN, r.failure().kind());
        assertTrue(
                r.failure().message().endsWith("no credds given"), r.failure().message());
    }

    @Test
    void noCreddListAtAllUsesTheGetOnlyToken() throws IOException {
        Files.writeString(root.resolve("vt_u1000-svc"), "hvs.x");
        assertEquals(
                root.resolve("vt_u1000-svc"),
                SourceTokenFinder.find(root, tmp, 1000, "svc", null).token());
    }

    @Test
    void theFirstCreddInSortedOrderWins() throws IOException {
        Files.writeString(root.resolve("vt_u1000-credd01-svc"), "hvs.c");
        Files.writeString(root.resolve("vt_u1000-a01-svc"), "hvs.a");
        assertEquals(
                root.resolve("vt_u1000-a01-svc"),
                SourceTokenFinder.find(root, tmp, 1000, "svc", List.of("credd01", "a01"))
                        .token());
    }

    @Test
    void fallsThroughToTheNextCreddThenTheCondorLocationThenFails() throws IOException {
        List<String> credds = List.of("a01", "credd01");
        Files.writeString(root.resolve("vt_u1000-credd01-svc"), "hvs.c");
        assertEquals(
                root.resolve("vt_u1000-credd01-svc"),
                SourceTokenFinder.find(root, tmp, 1000, "svc", credds).token());

        Files.delete(root.resolve("vt_u1000-credd01-svc"));
        Files.writeString(tmp.resolve("vt_u1000-svc"), "hvs.t");
        assertEquals(
                tmp.resolve("vt_u1000-svc"),
                SourceTokenFinder.find(root, tmp, 1000, "svc", credds).token());

        Files.delete(tmp.resolve("vt_u1000-svc"));
        SourceTokenResult none = SourceTokenFinder.find(root, tmp, 1000, "svc", credds);
        assertNull(none.token());
        assertTrue(none.failure().message().contains("could not find any vault tokens to return"));
    }
}
