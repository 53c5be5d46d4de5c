package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.testbed.OperatorAccount;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.tokenpush.run.RunLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped launcher, run as the operator, meets paths a careless admin or another local account could leave:
 * a lock file linked to another file of the operator, a linked runtime directory, keytabs others can read or
 * another account owns, and temporary directories someone else controls. Each is refused with a message naming
 * it and the fix, and what the link points at is not touched; a bad keytab or runtime directory fails only its
 * own service, a bad lock file or TMPDIR stops the run before anything runs.
 */
class HostilePathsIT {

    static final String GOOD = "hpgood_prod";
    static final String OPEN_KEYTAB = "hpopen_prod";
    static final String FOREIGN_KEYTAB = "hpforeign_prod";
    static final String LINKED_RUNTIME = "hplinked_prod";

    static TokenPushHarness h;

    @BeforeAll
    static void startBedAndRunOnceCleanly() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "good", "open", "foreign", "linked"));
        h.host.definePool("credd1.pool");
        h.host.onboard("hpgood", "prod", "good");
        h.host.onboard("hpopen", "prod", "open");
        h.host.onboard("hpforeign", "prod", "foreign");
        h.host.onboard("hplinked", "prod", "linked");
        h.seedUids("good", "open", "foreign", "linked");
        h.host.handStateToOperator();
        h.writeConfig(experiments(), "");
        AdminHost.LauncherRun first = h.tokenPush();
        assertEquals(0, first.exit(), "the clean run before the hostile paths failed: " + first);
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    static String experiments() {
        String node = h.bed.node("node1").hostName();
        StringBuilder yaml = new StringBuilder();
        for (String account : List.of("good", "open", "foreign", "linked")) {
            yaml.append("""
                    hp%s:
                      roles:
                        prod:
                          account: %s
                          destinationNodes: [%s]
                    """.formatted(account, h.host.user(account), node));
        }
        return yaml.toString();
    }

    @Test
    void unsafeKeytabsAndALinkedRuntimeDirectoryFailOnlyTheirOwnServiceAndChangeNothing() throws Exception {
        OperatorAccount operator = h.bed.operator();
        Path open = h.bed.account("open").keytab();
        Path foreign = h.bed.account("foreign").keytab();
        Path runtime = h.host.dbFile().getParent().resolve("xdg-runtime").resolve(LINKED_RUNTIME);
        Path elsewhere = Files.createDirectories(h.host.work().resolve("somewhere-else"));
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setAttribute(foreign, "unix:uid", 0); // root's now, 0600: another account's keytab
            Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
            h.host.chownToOperator(elsewhere);
            deleteTree(runtime);
            Files.createSymbolicLink(runtime, elsewhere);
            h.host.chownToOperator(runtime.getParent());

            AdminHost.LauncherRun r = h.tokenPush();

            assertEquals(3, r.exit(), r.toString());
            assertTrue(r.stdout().contains("4 services, 1 succeeded, 3 failed"), r.toString());
            okLine(r, GOOD);

            String openLine = failedLine(r, OPEN_KEYTAB);
            assertTrue(
                    openLine.startsWith("getKerberosTickets: keytab " + open
                            + " is readable or writable by group or others (owner " + operator.name() + " (uid "
                            + operator.uid() + "), mode 0644)"),
                    openLine);
            assertTrue(openLine.endsWith("chmod 600 " + open), openLine);

            String foreignLine = failedLine(r, FOREIGN_KEYTAB);
            assertTrue(
                    foreignLine.startsWith("getKerberosTickets: keytab " + foreign
                            + " belongs to another account (owner root (uid 0), mode 0600)"),
                    foreignLine);
            assertTrue(
                    foreignLine.endsWith("chown " + operator.name() + " " + foreign + "; chmod 600 " + foreign),
                    foreignLine);

            String linkedLine = failedLine(r, LINKED_RUNTIME);
            assertTrue(
                    linkedLine.startsWith("storeAndGetTokens: the private XDG_RUNTIME_DIR of " + LINKED_RUNTIME + " "
                            + runtime + " is a symbolic link (to " + elsewhere + ")"),
                    linkedLine);

            // Nothing was changed: not the keytabs, not the link, not what it points at; no storer for that service.
            assertEquals("rw-r--r--", mode(open));
            assertEquals(0, Files.getAttribute(foreign, "unix:uid"));
            assertEquals("rw-------", mode(foreign));
            assertTrue(Files.isSymbolicLink(runtime));
            assertEquals("rwxr-xr-x", mode(elsewhere));
            try (var inside = Files.list(elsewhere)) {
                assertEquals(0, inside.count(), "something was written through the link");
            }
        } finally {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-------"));
            Files.setAttribute(foreign, "unix:uid", operator.uid());
            Files.deleteIfExists(runtime);
        }
    }

    @Test
    void aLockFileLinkedToAnotherFileOfTheOperatorIsRefusedAndTheFileKeepsItsBytesAndMode() throws Exception {
        Path lock = RunLock.lockFileFor(h.host.dbFile());
        Path precious = h.host.work().resolve("precious.keytab");
        byte[] bytes = {5, 2, 0, 0, 0, 42, 7};
        Files.write(precious, bytes);
        Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-------"));
        h.host.chownToOperator(precious);
        Files.deleteIfExists(lock);
        Files.createSymbolicLink(lock, precious);
        h.host.chownToOperator(lock.getParent());
        int callsBefore = h.standIns.callLog().size();
        try {
            AdminHost.LauncherRun r = h.tokenPush();

            assertEquals(1, r.exit(), r.toString());
            assertTrue(
                    r.stderr()
                            .contains("token-push: the run lock file " + lock + " is a symbolic link (to " + precious
                                    + ")"),
                    r.toString());
            assertTrue(r.stderr().contains("rm " + lock), r.toString());
            assertArrayEquals(bytes, Files.readAllBytes(precious));
            assertEquals("rw-------", mode(precious));
            assertEquals(callsBefore, h.standIns.callLog().size(), "something ran: " + r);
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    @Test
    void aTmpdirOwnedByRootIsRefusedBeforeAnythingRuns() throws Exception {
        Path tmp = h.host.tmpDir();
        try {
            Files.setAttribute(tmp, "unix:uid", 0);
            Files.setAttribute(tmp, "unix:gid", 0);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            assertRefusedBeforeAnythingRuns(
                    tmp,
                    "is owned by root (uid 0), not by this account (uid "
                            + h.bed.operator().uid() + ")");
        } finally {
            restore(tmp);
        }
    }

    @Test
    void aStickyWorldWritableTmpdirOfAnotherAccountIsRefusedBeforeAnythingRuns() throws Exception {
        // /tmp's mode, but its owner (here a service account) may remove or rename every file in it.
        Path tmp = h.host.tmpDir();
        ServiceAccount other = h.bed.account("good");
        try {
            Files.setAttribute(tmp, "unix:uid", other.uid());
            chmod("1777", tmp);
            assertRefusedBeforeAnythingRuns(tmp, "is owned by " + other.user() + " (uid " + other.uid() + ")");
        } finally {
            restore(tmp);
        }
    }

    @Test
    void aWorldWritableTmpdirWithoutTheStickyBitIsRefusedBeforeAnythingRuns() throws Exception {
        Path tmp = h.host.tmpDir();
        try {
            chmod("0777", tmp);
            OperatorAccount operator = h.bed.operator();
            assertRefusedBeforeAnythingRuns(
                    tmp,
                    "(owner " + operator.name() + " (uid " + operator.uid()
                            + "), mode 0777) is writable by others without the sticky bit");
        } finally {
            restore(tmp);
        }
    }

    @Test
    void aTmpdirThatIsALinkIsRefusedBeforeAnythingRuns() throws Exception {
        Path tmp = h.host.tmpDir();
        Path real = tmp.resolveSibling("tmp.real");
        Files.move(tmp, real);
        try {
            Files.createSymbolicLink(tmp, real);
            assertRefusedBeforeAnythingRuns(tmp, "is a symbolic link (to " + real + ")");
        } finally {
            Files.deleteIfExists(tmp);
            Files.move(real, tmp);
        }
    }

    private static void assertRefusedBeforeAnythingRuns(Path tmp, String why) {
        int callsBefore = h.standIns.callLog().size();
        AdminHost.LauncherRun r = h.tokenPush();
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.stderr().contains("token-push: the temporary directory (TMPDIR) " + tmp + " " + why), r.toString());
        assertTrue(
                r.stderr().contains("unset it to use /tmp") || r.stderr().contains("chmod go-w " + tmp), r.toString());
        assertEquals(1, r.stderr().lines().filter(l -> l.contains("TMPDIR")).count(), r.toString());
        assertEquals(callsBefore, h.standIns.callLog().size(), "something ran: " + r);
        assertFalse(r.stdout().contains("services,"), "a run happened: " + r);
    }

    private static void restore(Path tmp) throws Exception {
        h.host.chownToOperator(tmp);
        chmod("0755", tmp);
    }

    private static void chmod(String mode, Path p) throws Exception {
        Process chmod = new ProcessBuilder("chmod", mode, p.toString()).start();
        assertEquals(0, chmod.waitFor(), "chmod " + mode + " " + p);
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void deleteTree(Path p) throws Exception {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(p)) {
                for (Path c : children.toList()) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    /** The text after the service name on its FAILED line: {@code <stage>: <reason>}. */
    private static String failedLine(AdminHost.LauncherRun r, String service) {
        Optional<String> line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("  FAILED  " + service + " "))
                .findFirst();
        if (line.isEmpty()) fail(service + " is not reported as failed:\n" + r);
        return line.get().substring(("  FAILED  " + service).length()).strip();
    }

    private static void okLine(AdminHost.LauncherRun r, String service) {
        if (r.stdout().lines().noneMatch(l -> l.startsWith("  OK      " + service + " "))) {
            fail(service + " is not reported as OK:\n" + r);
        }
    }
}
