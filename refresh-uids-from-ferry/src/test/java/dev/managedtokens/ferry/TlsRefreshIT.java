package dev.managedtokens.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.ferry.run.RefreshReport;
import dev.managedtokens.ferry.run.Stage;
import dev.managedtokens.testbed.ferry.ClientCredential;
import dev.managedtokens.testbed.ferry.FerryCertificates;
import dev.managedtokens.testbed.ferry.FerryFault;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import dev.managedtokens.testbed.support.Tools;
import dev.managedtokens.worker.ferry.FerryFailureKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * refresh-uids-from-ferry in-process against the FERRY stand-in over real TLS: the database filled, faults failing
 * only their account, a refused certificate or an unreachable FERRY writing nothing, test mode writing nothing.
 */
class TlsRefreshIT {

    static final Map<String, Long> FERRY = Map.of("dunepro", 5001L, "mu2epro", 5002L, "nova", 5003L, "icarus", 5004L);

    @TempDir
    static Path pki;

    static FerryCertificates certs;
    static FerryStandIn ferry;

    @TempDir
    Path dir;

    Path db;

    @BeforeAll
    static void start() {
        certs = FerryCertificates.create(pki.resolve("pki"), "localhost", new Tools(new ProcessRunner(4)));
        ferry = FerryStandIn.start(certs);
    }

    @AfterAll
    static void stop() {
        if (ferry != null) ferry.close();
    }

    @BeforeEach
    void reset() throws Exception {
        ferry.clearFaults();
        ferry.clearRequests();
        ferry.setUids(FERRY);
        db = dir.resolve("db/uid.db");
        Files.createDirectories(db.getParent());
    }

    Path config(ClientCredential client, int port, List<String> accounts) throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                dbLocation: %s
                disableNotifications: true
                timeouts:
                  globalTimeout: 300s
                  ferryRequestTimeout: 8s
                %s
                %s
                """.formatted(
                        db,
                        ferry.configSection(client).replace("port: " + ferry.port(), "port: " + port),
                        Refresh.experiments(accounts)));
        return cfg;
    }

    Path config() throws Exception {
        return config(certs.client(), ferry.port(), List.of("dunepro", "mu2epro", "nova", "icarus"));
    }

    @Test
    void tlsFillsTheDatabaseWithOneRequestPerAccount() throws Exception {
        Path cfg = config(
                certs.clientPkcs1(), ferry.port(), List.of("dunepro", "mu2epro", "nova", "icarus", "dunepro", "  "));
        Refresh.Outcome o = Refresh.run(dir, "-c", cfg.toString());
        assertEquals(0, o.exit(), o.toString());
        assertEquals(FERRY, Refresh.uids(db));
        assertEquals(4, ferry.userInfoRequestCount(), "one request per distinct account");
        assertTrue(
                o.out()
                        .contains("refresh-uids-from-ferry: 4 accounts, 4 refreshed (4 added, 0 changed, 0 unchanged),"
                                + " 0 failed, 0 conflicts, 4 requests to FERRY"),
                o.out());

        RefreshReport r = o.report();
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(4, r.requestDurations().size());
        assertEquals(0, r.failedRequestCount());
        assertTrue(r.refreshedAt().isPresent());
        assertEquals(
                java.util.Set.of(Stage.SETUP, Stage.GET_FERRY_DATA, Stage.REFRESH_DB),
                r.stageDurations().keySet());

        Refresh.Outcome again = Refresh.run(dir, "-c", cfg.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("4 refreshed (0 added, 0 changed, 4 unchanged)"), again.out());
    }

    @Test
    void aChangedUidIsWrittenAndShownWithOldAndNewValue() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 4001L, "retired", 4999L));
        Refresh.Outcome o = Refresh.run(dir, "-c", config().toString());
        assertEquals(0, o.exit(), o.toString());
        assertTrue(o.out().matches("(?s).*CHANGED +dunepro +UID 4001 -> 5001.*"), o.out());
        Map<String, Long> expected = new TreeMap<>(FERRY);
        expected.put("retired", 4999L); // never deleted
        assertEquals(expected, Refresh.uids(db));
    }

    @ParameterizedTest
    @EnumSource(FerryFault.class)
    void aFaultFailsOnlyItsAccountWhichKeepsItsUid(FerryFault fault) throws Exception {
        Refresh.seed(db, Map.of("mu2epro", 4002L));
        ferry.setUid("mu2epro", 5002L);
        ferry.setFault("mu2epro", fault);
        Refresh.Outcome o = Refresh.run(dir, "-c", config().toString());
        assertEquals(3, o.exit(), o.toString());
        Map<String, Long> expected = new TreeMap<>(FERRY);
        expected.put("mu2epro", 4002L);
        assertEquals(expected, Refresh.uids(db), o.toString());
        assertTrue(o.out().matches("(?s).*FAILED +mu2epro +.*account mu2epro.*\\(keeps UID 4002\\).*"), o.out());
        RefreshReport r = o.report();
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith("mu2epro: "), r.problems().toString());
        assertEquals(1, r.failedRequestCount());
        assertEquals(3, r.requestDurations().size());
        assertTrue(r.refreshedAt().isPresent());
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedAndNothingChanges() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 4001L));
        Refresh.Outcome o = Refresh.run(
                dir,
                "-c",
                config(certs.clientFromOtherCa(), ferry.port(), List.of("dunepro", "mu2epro", "nova", "icarus"))
                        .toString());
        assertEquals(1, o.exit(), o.toString());
        assertTrue(o.err().contains("refresh-uids-from-ferry: no UID obtained from FERRY, nothing written:"), o.err());
        assertTrue(
                o.err()
                        .contains("did not accept our client certificate "
                                + certs.clientFromOtherCa().certificate()),
                o.err());
        assertTrue(
                o.out()
                        .contains("4 accounts, none refreshed: FERRY could not be reached (1 request sent); every"
                                + " account keeps the UID it has"),
                o.out());
        assertFalse(o.out().contains("FAILED"), "the reason is printed once, on stderr: " + o.out());
        assertEquals(Map.of("dunepro", 4001L), Refresh.uids(db));
        assertEquals(0, ferry.userInfoRequestCount());
        assertEquals(1, o.report().requestsSent());
        assertEquals(1, o.report().problems().size(), o.report().problems().toString());
    }

    @Test
    void ferryUnreachableWritesNothingAndLosesNothing() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 4001L, "nova", 4003L));
        int closedPort;
        try (FerryStandIn gone = FerryStandIn.start(certs)) {
            closedPort = gone.port();
        }
        Refresh.Outcome o = Refresh.run(
                dir,
                "-c",
                config(certs.client(), closedPort, List.of("dunepro", "mu2epro", "nova", "icarus"))
                        .toString());
        assertEquals(1, o.exit(), o.toString());
        assertTrue(o.err().contains("cannot connect to FERRY at https://localhost:" + closedPort), o.err());
        assertEquals(Map.of("dunepro", 4001L, "nova", 4003L), Refresh.uids(db));
        assertEquals(1, o.report().requestsSent());
        assertTrue(o.report().refreshedAt().isEmpty());
        assertEquals(
                FerryFailureKind.UNREACHABLE,
                o.report().lookups().unreachable().orElseThrow().kind());
    }

    @Test
    void aUidHeldByAnAccountNotRefreshedIsAConflictNamingBothWhileOthersAreWritten() throws Exception {
        Refresh.seed(db, Map.of("olduser", 5003L));
        Refresh.Outcome o = Refresh.run(dir, "-c", config().toString());
        assertEquals(3, o.exit(), o.toString());
        Map<String, Long> expected = new TreeMap<>(FERRY);
        expected.remove("nova");
        expected.put("olduser", 5003L);
        assertEquals(expected, Refresh.uids(db));
        assertTrue(
                o.out()
                        .matches("(?s).*CONFLICT +nova +UID 5003 for account nova was not saved: the database holds"
                                + " it for account olduser.*"),
                o.out());
        assertTrue(
                o.report().problems().stream().anyMatch(p -> p.startsWith("nova: ") && p.contains("olduser")),
                o.report().problems().toString());
    }

    @Test
    void aSwapBetweenRefreshedAccountsIsResolved() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 5002L, "mu2epro", 5001L));
        Refresh.Outcome o = Refresh.run(dir, "-c", config().toString());
        assertEquals(0, o.exit(), o.toString());
        assertEquals(FERRY, Refresh.uids(db));
    }

    @Test
    void testModeAsksFerryButWritesNothingAndCreatesNothing() throws Exception {
        Path cfg = config();
        Refresh.Outcome fresh = Refresh.run(dir, "-t", "-c", cfg.toString());
        assertEquals(0, fresh.exit(), fresh.toString());
        assertFalse(Files.exists(db), "test mode created the database");
        assertEquals(4, ferry.userInfoRequestCount());
        assertTrue(fresh.out().contains("[test mode: the database was not changed]"), fresh.out());
        assertTrue(fresh.out().matches("(?s).*dunepro +new +UID 5001.*"), fresh.out());

        Refresh.seed(db, Map.of("dunepro", 4001L, "nova", 5003L, "olduser", 5002L));
        long size = Files.size(db);
        ferry.setFault("icarus", FerryFault.SERVER_ERROR);
        Refresh.Outcome existing = Refresh.run(dir, "--test", "-c", cfg.toString());
        assertEquals(3, existing.exit(), existing.toString());
        assertEquals(Map.of("dunepro", 4001L, "nova", 5003L, "olduser", 5002L), Refresh.uids(db));
        assertEquals(size, Files.size(db));
        assertTrue(
                existing.out()
                        .matches("(?s).*mu2epro +new +UID 5002  \\(would conflict: the database holds UID 5002"
                                + " for account olduser\\).*"),
                existing.out());
        assertTrue(existing.out().matches("(?s).*dunepro +would change UID 4001 -> 5001.*"), existing.out());
        assertTrue(existing.out().matches("(?s).*nova +unchanged +UID 5003.*"), existing.out());
        assertTrue(existing.report().refreshedAt().isEmpty());
    }

    @Test
    void noUidAtAllIsASetupError() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 4001L));
        for (String a : FERRY.keySet()) {
            ferry.setFault(a, FerryFault.FERRY_FAILURE);
        }
        Refresh.Outcome o = Refresh.run(dir, "-c", config().toString());
        assertEquals(1, o.exit(), o.toString());
        assertTrue(o.err().contains("no UID obtained from FERRY, nothing written: every account failed"), o.err());
        assertEquals(Map.of("dunepro", 4001L), Refresh.uids(db));
        assertEquals(5, o.report().problems().size(), o.report().problems().toString());
    }
}
