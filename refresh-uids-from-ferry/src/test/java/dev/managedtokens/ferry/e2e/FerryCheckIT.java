package dev.managedtokens.ferry.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.ferry.AdminHostFerry;
import dev.managedtokens.testbed.ferry.ClientCredential;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code refresh-uids-from-ferry check} through the launcher, as the operator: FERRY over TLS with the host
 * certificate answers one request and the database is left as it was; a certificate FERRY does not trust, a
 * database the account cannot write and FERRY down each show at their link.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FerryCheckIT {

    static Testbed bed;
    static AdminHost host;
    static FerryStandIn ferry;

    @BeforeAll
    static void start() {
        bed = Testbed.start(TestbedSpec.of(0, "dunepro", "mutwo"));
        host = new AdminHost(bed, AdminHost.locateRepo());
        ferry = AdminHostFerry.start(host);
        host.handStateToOperator();
        try (ManagedTokensDatabase db = ManagedTokensDatabase.open(host.dbFile())) {
            db.upsertUids(Map.of(host.user("dunepro"), 5001L));
        }
        host.chownToOperator(host.dbFile().getParent());
        writeConfig(ferry.certificates().client());
    }

    static void writeConfig(ClientCredential client) {
        host.writeConfig("""
                dune:
                  roles:
                    production:
                      account: %s
                      destinationNodes: [node1.example.org]
                mu2e:
                  roles:
                    analysis:
                      account: %s
                      destinationNodes: [node1.example.org]
                """.formatted(host.user("dunepro"), host.user("mutwo")), """
                disableNotifications: true
                timeouts:
                  globalTimeout: 120s
                  ferryRequestTimeout: 20s
                """ + ferry.configSection(client));
    }

    @AfterAll
    static void stop() {
        try {
            if (ferry != null) ferry.close();
        } finally {
            if (bed != null) bed.close();
        }
    }

    static AdminHost.LauncherRun check() {
        return host.run(
                "refresh-uids-from-ferry",
                List.of("check", "-c", host.configFile().toString()),
                Duration.ofMinutes(2));
    }

    @Test
    @Order(1)
    void healthyOneRequestAndTheDatabaseUnchanged() throws Exception {
        byte[] before = Files.readAllBytes(host.dbFile());
        FileTime mtime = Files.getLastModifiedTime(host.dbFile());
        ferry.clearRequests();
        AdminHost.LauncherRun r = check();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("+ ferry"), r.toString());
        assertTrue(r.stdout().contains("+ auth"), r.toString());
        assertTrue(r.stdout().contains("+ database"), r.toString());
        assertTrue(r.stdout().contains("4 links: 4 +, 0 X"), r.toString());
        assertEquals(1, ferry.userInfoRequestCount(), "one harmless request: " + ferry.requests());
        assertTrue(ferry.requests().get(0).identity().contains("CN="), "the client certificate was presented");
        assertTrue(Arrays.equals(before, Files.readAllBytes(host.dbFile())), "the database changed");
        assertEquals(mtime, Files.getLastModifiedTime(host.dbFile()));
    }

    @Test
    @Order(2)
    void aCertificateFerryDoesNotTrust() {
        writeConfig(ferry.certificates().clientFromOtherCa());
        try {
            AdminHost.LauncherRun r = check();
            assertEquals(3, r.exit(), r.toString());
            String line = r.stdout()
                    .lines()
                    .filter(l -> l.contains("X ferry"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no failed ferry line: " + r));
            assertTrue(line.contains(ferry.hostName()), line);
        } finally {
            writeConfig(ferry.certificates().client());
        }
    }

    @Test
    @Order(3)
    void aDatabaseTheAccountCannotWrite() throws Exception {
        Path dir = host.dbFile().getParent();
        Files.setPosixFilePermissions(host.dbFile(), PosixFilePermissions.fromString("r--r--r--"));
        try {
            AdminHost.LauncherRun r = check();
            assertEquals(3, r.exit(), r.toString());
            assertTrue(r.stdout().contains("X database"), r.toString());
            assertTrue(r.stdout().contains(host.dbFile() + " is not writable by this account"), r.toString());
        } finally {
            Files.setPosixFilePermissions(host.dbFile(), PosixFilePermissions.fromString("rw-------"));
        }
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    @Order(4)
    void ferryDown() {
        ferry.close();
        AdminHost.LauncherRun r = check();
        assertEquals(3, r.exit(), r.toString());
        String line = r.stdout()
                .lines()
                .filter(l -> l.contains("X ferry"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed ferry line: " + r));
        assertTrue(line.contains(ferry.hostName()), line);
        assertTrue(r.stdout().contains("+ database"), r.toString());
    }
}
