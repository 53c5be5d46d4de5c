package dev.managedtokens.kerberos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.process.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssh-like keytab check against real files, for this account and for one that owns none of them. */
class KeytabPermissionsTest {

    private static final int ME = OwnedPaths.currentUid();
    private static final int SOMEONE_ELSE = ME == 0 ? 4242 : 0;

    @TempDir
    Path dir;

    private Path keytab(String mode) throws Exception {
        Path k = Files.write(dir.resolve("svc.keytab"), new byte[] {5, 2});
        Files.setPosixFilePermissions(k, PosixFilePermissions.fromString(mode));
        return k;
    }

    @Test
    void ourOwnPrivateKeytabIsFine() throws Exception {
        assertEquals(Optional.empty(), KeytabPermissions.problem(keytab("rw-------"), ME));
        assertEquals(Optional.empty(), KeytabPermissions.problem(keytab("r--------"), ME));
    }

    @Test
    void aWorldReadableKeytabIsRefusedWithItsModeAndTheFix() throws Exception {
        Path k = keytab("rw-r--r--");
        String p = KeytabPermissions.problem(k, ME).orElseThrow();
        assertTrue(p.startsWith("keytab " + k + " is readable or writable by group or others (owner "), p);
        assertTrue(p.contains("(uid " + ME + "), mode 0644)"), p);
        assertTrue(p.endsWith("chmod 600 " + k), p);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(k)), "changed it");
    }

    @Test
    void aGroupReadableKeytabIsRefused() throws Exception {
        assertTrue(KeytabPermissions.problem(keytab("rw-r-----"), ME).isPresent());
    }

    @Test
    void aKeytabOfAnotherAccountIsRefusedWithItsOwnerAndTheFix() throws Exception {
        Path k = keytab("rw-------");
        String p = KeytabPermissions.problem(k, SOMEONE_ELSE).orElseThrow();
        assertTrue(p.startsWith("keytab " + k + " belongs to another account (owner "), p);
        assertTrue(p.contains("(uid " + ME + "), mode 0600)"), p);
        assertTrue(p.endsWith("chown " + SOMEONE_ELSE + " " + k + "; chmod 600 " + k), p);
    }

    @Test
    void aKeytabHandedToAnotherAccountIsRefusedForUs() throws Exception {
        if (ME != 0) return; // only root can give a file away
        Path k = keytab("rw-------");
        Files.setAttribute(k, "unix:uid", 4242);
        // Root itself may use it (it could read it anyway), the account 4343 may not.
        assertEquals(Optional.empty(), KeytabPermissions.problem(k, 0));
        assertTrue(KeytabPermissions.problem(k, 4343).orElseThrow().contains("belongs to another account"));
    }

    @Test
    void aLinkIsJudgedByTheFileKinitWouldRead() throws Exception {
        Path k = keytab("rw-r--r--");
        Path link = Files.createSymbolicLink(dir.resolve("link.keytab"), k);
        assertTrue(KeytabPermissions.problem(link, ME).isPresent());
    }

    @Test
    void aMissingKeytabIsLeftToKinit() {
        assertEquals(Optional.empty(), KeytabPermissions.problem(dir.resolve("missing.keytab"), ME));
    }

    @Test
    void kinitIsNotRunWithAnUnsafeKeytab() throws Exception {
        Path k = keytab("rw-rw-rw-");
        TicketResult r = new KerberosTickets(new ProcessRunner(1))
                .obtain(new TicketRequest(
                        "dune_production",
                        k,
                        "dunepro@EXAMPLE.ORG",
                        dir.resolve("cache"),
                        Map.of("PATH", "/usr/bin:/bin"),
                        Duration.ofSeconds(10)));
        assertTrue(r.error() != null && r.error().startsWith("keytab " + k + " is readable or writable"), r.error());
        assertEquals("", r.output());
    }
}
