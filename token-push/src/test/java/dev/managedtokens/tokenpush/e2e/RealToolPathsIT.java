package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.CreddAuthentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where the real condor_vault_storer and HTCondor's token discovery meet token-push's files: a stale bearer token
 * in {@code /tmp} and a database directory the storer's unquoted paths cannot use.
 */
class RealToolPathsIT {

    static TokenPushHarness h;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "fresh"));
        h.host.definePool("credd1.pool");
        h.host.onboard("rtfresh", "prod", "fresh");
        h.seedUids("fresh");
        h.host.handStateToOperator();
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    private static String experiments() {
        return """
                rtfresh:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(h.host.user("fresh"), h.bed.node("node1").hostName());
    }

    @Test
    void aStaleForeignBearerTokenInTmpIsNeverWhatAStorerCallAuthenticatesWith() throws IOException {
        // What the Go service leaves behind: /tmp/bt_u<uid> of the account, holding another service's valid token.
        Path stale = Path.of("/tmp/bt_u" + h.bed.operator().uid());
        assertFalse(Files.exists(stale), "precondition: " + stale + " is not in use on this machine");
        Files.writeString(
                stale, h.standIns.signedBearerToken("intruder", "otherexp", "prod", Duration.ofHours(1)) + "\n");
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-------"));
        h.host.chownToOperator(stale);
        try {
            h.writeConfig(experiments(), "");
            int before = h.standIns.creddAuthentications().size();

            AdminHost.LauncherRun r = h.tokenPush("-s", "rtfresh_prod");

            assertEquals(0, r.exit(), r.toString());
            List<CreddAuthentication> auths =
                    h
                            .standIns
                            .creddAuthentications()
                            .subList(before, h.standIns.creddAuthentications().size())
                            .stream()
                            .filter(a -> a.service().equals("rtfresh_prod"))
                            .toList();
            assertFalse(auths.isEmpty(), "condor_store_cred never authenticated");
            assertEquals("query", auths.get(0).action(), auths.toString());
            for (CreddAuthentication a : auths) {
                assertNotEquals(stale.toString(), a.tokenFile(), "authenticated with the stale /tmp token: " + a);
                // The service's own identity: its token's subject (the credkey) or its Kerberos principal.
                assertTrue(a.identity().startsWith(h.host.credkey("fresh")), "authenticated as someone else: " + a);
            }
            assertTrue(Files.exists(stale), "the account's /tmp/bt_u<uid> is not ours to delete");
        } finally {
            Files.deleteIfExists(stale);
        }
    }

    @Test
    void aDatabaseDirectoryWithASpaceIsRefusedBeforeAnythingRuns() throws IOException {
        h.writeConfig(experiments(), "");
        Path config = h.host.configFile();
        Path spaced = h.host.work().resolve("db dir").resolve("uid.db");
        String text =
                Files.readString(config).replace("dbLocation: " + h.host.dbFile(), "dbLocation: \"" + spaced + "\"");
        assertTrue(text.contains(spaced.toString()), "the test could not point dbLocation at " + spaced);
        Files.writeString(config, text);
        Instant start = Instant.now();

        AdminHost.LauncherRun r = h.tokenPush("-s", "rtfresh_prod");

        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.stderr().contains("dbLocation: the database's directory " + spaced.getParent()), r.toString());
        assertTrue(r.stderr().contains("condor_vault_storer"), r.toString());
        assertTrue(
                h.standIns.callLog().stream().noneMatch(c -> c.at().isAfter(start)),
                () -> "a refused configuration still ran a stand-in: " + h.standIns.callLog());
        assertFalse(Files.exists(spaced.getParent()), "nothing was created under the refused directory");
    }
}
