package dev.managedtokens.core.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.httptest.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverSweepTest {

    @TempDir
    Path tmp;

    @TempDir
    Path elsewhere;

    private Process live;
    private ProcessHandle dead;

    @BeforeEach
    void processes() throws Exception {
        live = new ProcessBuilder("sleep", "600").start();
        Process ended = new ProcessBuilder("true").start();
        assertTrue(ended.waitFor(30, TimeUnit.SECONDS), "true did not end");
        dead = ended.toHandle();
        assertFalse(dead.isAlive());
    }

    @AfterEach
    void stop() throws Exception {
        live.destroyForcibly();
        live.waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void entriesOfALiveMakerAreKeptAndThoseOfADeadOneRemovedWithTheirContents() throws IOException {
        Path liveCache = dir("managed-tokens" + tagOf(live.toHandle()) + "123");
        Path liveCopy = file("managed_tokens_condor_vault_token" + tagOf(live.toHandle()) + "456");
        Path mine = dir(ScratchNames.prefix("managed_tokens_sqlite") + "789");
        Path deadCache = dir("managed-tokens" + tagOf(dead) + "123");
        Files.writeString(
                Files.createDirectory(deadCache.resolve("inner")).resolve("managed-tokens-krb5ccCache-a1"), "ticket");
        Path deadCopy = file("managed_tokens_condor_vault_token" + tagOf(dead) + "456");
        Path deadXdg = dir("managed_tokens_xdg_dune_production" + tagOf(dead) + "1");

        List<Path> removed = LeftoverSweep.sweep(List.of(tmp));

        assertEquals(
                List.of(deadCache, deadCopy, deadXdg).stream().sorted().toList(),
                removed.stream().sorted().toList());
        for (Path p : List.of(liveCache, liveCopy, mine)) assertTrue(Files.exists(p), p + " was removed");
        for (Path p : removed) assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is still there");
    }

    @Test
    void aLivePidThatStartedAfterTheMakerIsAReusedPidAndItsEntriesGo() throws IOException {
        long start = ScratchNames.startMillis(live.toHandle()).orElseThrow();
        Path reused = file("managed_tokens_default_role_file"
                + ScratchNames.tag(live.pid(), OptionalLong.of(start - 3_600_000)) + "99");
        Path untimed =
                file("managed_tokens_default_role_file" + ScratchNames.tag(live.pid(), OptionalLong.empty()) + "98");

        assertEquals(List.of(reused), LeftoverSweep.sweep(List.of(tmp)));
        assertTrue(Files.exists(untimed), "an entry of a live pid with no start time to compare was removed");
    }

    @Test
    void anotherAccountsEntryIsKept() throws IOException {
        assumeTrue(OwnedPaths.currentUid() == 0, "needs root to give a file to another account");
        Path foreign = file("managed_tokens_condor_vault_token" + tagOf(dead) + "456");
        Path foreignDir = dir("managed_tokens_htgettoken" + tagOf(dead) + "457");
        Files.setAttribute(foreign, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(foreignDir, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

        assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp)));
        assertTrue(Files.exists(foreign) && Files.exists(foreignDir));
    }

    @Test
    void aLinkNamedLikeOursIsRemovedAndWhatItPointsAtIsLeft() throws IOException {
        Path target = Files.writeString(elsewhere.resolve("keytab"), "keys");
        Path targetDir = Files.createDirectory(elsewhere.resolve("dir"));
        Path inTargetDir = Files.writeString(targetDir.resolve("precious"), "keep");
        Path link =
                Files.createSymbolicLink(tmp.resolve("managed_tokens_condor_vault_token" + tagOf(dead) + "1"), target);
        Path dirLink = Files.createSymbolicLink(tmp.resolve("managed_tokens_xdg_svc" + tagOf(dead) + "2"), targetDir);
        // A link inside a leftover directory: removed with the directory, its target untouched.
        Path deadDir = dir("managed_tokens_htgettoken" + tagOf(dead) + "3");
        Files.createSymbolicLink(deadDir.resolve("bearer"), targetDir);

        List<Path> removed = LeftoverSweep.sweep(List.of(tmp));

        assertEquals(
                List.of(link, dirLink, deadDir).stream().sorted().toList(),
                removed.stream().sorted().toList());
        for (Path p : removed) assertFalse(Files.exists(p, LinkOption.NOFOLLOW_LINKS), p + " is still there");
        assertEquals("keys", Files.readString(target));
        assertEquals("keep", Files.readString(inTargetDir));
    }

    @Test
    void namesWeDidNotTagAreKept() throws IOException {
        List<Path> kept = List.of(
                file("managed_tokens_vt_bak-dune_production-2026-12-03T10:00:00Z"),
                dir("managed-tokens1234567"),
                file("managed_tokens_condor_vault_token987654"),
                file("other" + tagOf(dead) + "1"),
                file("managed_tokens_bearer" + tagOf(dead) + "x1"));
        assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp)));
        for (Path p : kept) assertTrue(Files.exists(p), p + " was removed");
    }

    @Test
    void aDirectoryOthersMayWriteIntoWithoutTheStickyBitIsNotSwept() throws IOException {
        Path leftover = file("managed_tokens_condor_vault_token" + tagOf(dead) + "456");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp)));
            assertTrue(Files.exists(leftover));
        } finally {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void eachRemovedEntryIsLoggedByPathThenTheCount() throws IOException {
        Path a = file("managed_tokens_condor_vault_token" + tagOf(dead) + "1");
        Files.writeString(a, "hvs.secret-token-content");
        Path b = dir("managed-tokens" + tagOf(dead) + "2");
        try (LogCapture logs = new LogCapture(LeftoverSweep.class, Level.INFO)) {
            LeftoverSweep.sweep(List.of(tmp));
            List<String> info = logs.at(Level.INFO);
            assertEquals(3, info.size(), info.toString());
            for (Path p : List.of(a, b)) {
                assertEquals(
                        1, info.stream().filter(l -> l.contains(p.toString())).count(), info.toString());
            }
            assertTrue(info.getLast().contains("Removed 2 leftover(s)"), info.toString());
            assertTrue(info.stream().noneMatch(l -> l.contains("hvs.")), "a file's content was logged: " + info);
        }
    }

    @Test
    void nothingRemovedLogsNothingAndAMissingDirectoryIsNoError() throws IOException {
        try (LogCapture logs = new LogCapture(LeftoverSweep.class, Level.DEBUG)) {
            assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp, tmp.resolve("missing"))));
            assertEquals(List.of(), logs.at(Level.INFO));
            assertEquals(List.of(), logs.at(Level.WARN));
        }
    }

    @Test
    void atRunStartLooksInTmpdirSlashTmpAndTheJavaTemporaryDirectory() throws IOException {
        Path leftover = file("managed_tokens_ferry_jwt" + tagOf(dead) + "1");
        List<Path> removed = LeftoverSweep.atRunStart(tmp);
        assertTrue(removed.contains(leftover), removed.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aFileSetAsideByADeadMakerIsPutBackWhereItWasNotDeleted() throws IOException {
        Path original = elsewhere.resolve("vt_u1234-dune_production");
        Files.writeString(original, "staged copy the killed call left");
        Path setAside = file(ScratchNames.SET_ASIDE + original.getFileName() + tagOf(dead) + "77");
        Files.writeString(setAside, "what was there before the call");
        Path absent = elsewhere.resolve("vt_u1234-nova_production");
        Path setAsideAbsent = file(ScratchNames.SET_ASIDE + absent.getFileName() + tagOf(dead) + "78");
        Files.writeString(setAsideAbsent, "the other one");
        Path liveOne = file(ScratchNames.SET_ASIDE + "vt_u1234-mu2e_production" + tagOf(live.toHandle()) + "79");

        assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp), elsewhere));

        assertEquals("what was there before the call", Files.readString(original));
        assertEquals("the other one", Files.readString(absent));
        assertFalse(Files.exists(setAside) || Files.exists(setAsideAbsent));
        assertTrue(Files.exists(liveOne), "a live run's set-aside file was moved");
    }

    @Test
    void aFileSetAsideFromWhatIsNowALinkIsKeptUnderABackupNameAndTheLinkTargetIsLeft() throws IOException {
        Path target = Files.writeString(elsewhere.resolve("keytab"), "keys");
        Path original = Files.createSymbolicLink(elsewhere.resolve("vt_u1234-dune_production"), target);
        Path setAside = file(ScratchNames.SET_ASIDE + original.getFileName() + tagOf(dead) + "77");
        Files.writeString(setAside, "token");

        assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp), elsewhere));

        assertEquals("keys", Files.readString(target));
        assertTrue(Files.isSymbolicLink(original));
        try (Stream<Path> kept = Files.list(tmp)) {
            List<Path> backups = kept.filter(p ->
                            p.getFileName().toString().startsWith("managed_tokens_vt_bak-vt_u1234-dune_production-"))
                    .toList();
            assertEquals(1, backups.size(), backups.toString());
            assertEquals("token", Files.readString(backups.getFirst()));
        }
        // The kept backup is not a scratch name: no later sweep removes it.
        assertEquals(List.of(), LeftoverSweep.sweep(List.of(tmp), elsewhere));
    }

    @Test
    void aSetAsideNameThatWouldLeaveItsDirectoryIsNotReadAsOne() {
        assertEquals(
                java.util.Optional.of("vt_u1-a.b"),
                ScratchNames.setAsideFrom(ScratchNames.SET_ASIDE + "vt_u1-a.b.p12s34.56"));
        assertTrue(ScratchNames.setAsideFrom(ScratchNames.SET_ASIDE + "...p12s34.56")
                .isEmpty());
        assertTrue(
                ScratchNames.setAsideFrom(ScratchNames.SET_ASIDE + ".p12s34.56").isEmpty());
        assertTrue(ScratchNames.setAsideFrom("managed_tokens_condor_vault_token.p12s34.56")
                .isEmpty());
    }

    private static String tagOf(ProcessHandle p) {
        return ScratchNames.tag(p.pid(), ScratchNames.startMillis(p));
    }

    private Path file(String name) throws IOException {
        return Files.writeString(tmp.resolve(name), "x");
    }

    private Path dir(String name) throws IOException {
        return Files.createDirectory(tmp.resolve(name));
    }
}
