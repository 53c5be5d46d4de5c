package dev.managedtokens.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.core.config.CredKey;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.ferry.FerryAuthMode;
import dev.managedtokens.testbed.ferry.FerryCertificates;
import dev.managedtokens.testbed.ferry.FerryRequest;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import dev.managedtokens.testbed.standins.StandIns;
import dev.managedtokens.testbed.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --authmethod jwt} against the bed's real KDC, its htgettoken stand-in and the FERRY stand-in verifying the
 * bearer token (signature, expiry, issuer): a good token fills the database; no ticket or no token stops the run
 * before any request.
 */
class JwtRefreshIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0, "ferrysvc"));

    static final Map<String, Long> FERRY = Map.of("dunepro", 5001L, "mu2epro", 5002L, "nova", 5003L);

    static StandIns standIns;
    static ServiceAccount service;
    static FerryStandIn ferry;

    @TempDir
    Path dir;

    Path db;

    @BeforeAll
    static void start() {
        Testbed bed = BED.bed();
        standIns = StandIns.install(bed.dir());
        service = bed.account("ferrysvc");
        String principal = service.principal();
        standIns.onboard("fermilab", "production", CredKey.of(principal));
        FerryCertificates certs =
                FerryCertificates.create(bed.dir().resolve("ferry-pki"), "localhost", new Tools(new ProcessRunner(4)));
        ferry = FerryStandIn.start(certs);
        ferry.setAuthMode(FerryAuthMode.BEARER_TOKEN);
        ferry.trustBearerTokens(standIns.bearerTokenKey(), "https://issuer.testbed/fermilab");
        ferry.setUids(FERRY);
    }

    @AfterAll
    static void stop() {
        if (ferry != null) ferry.close();
    }

    @BeforeEach
    void reset() throws Exception {
        ferry.clearRequests();
        db = Files.createDirectories(dir.resolve("db")).resolve("uid.db");
    }

    Path config(String role, Path keytab) throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                dbLocation: %s
                disableNotifications: true
                ferry:
                  host: %s
                  port: %d
                  caPath: %s
                  serviceExperiment: fermilab
                  serviceRole: %s
                  serviceKerberosPrincipal: %s
                  serviceKeytabPath: %s
                  vaultServer: %s
                %s
                """.formatted(
                        db,
                        ferry.hostSetting(),
                        ferry.port(),
                        ferry.certificates().trustDirectory(),
                        role,
                        service.principal(),
                        keytab,
                        StandIns.DEFAULT_VAULT_SERVER,
                        Refresh.experiments(List.of("dunepro", "mu2epro", "nova"))));
        return cfg;
    }

    Refresh.Outcome run(Path cfg) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(BED.bed().environment());
        env.remove("KRB5CCNAME");
        return Refresh.run(env, dir, RootGuard.notRoot(), "--authmethod", "jwt", "-c", cfg.toString());
    }

    @Test
    void aGoodTokenFillsTheDatabaseAndLeavesNoTokenOrTicketBehind() throws Exception {
        int htgettokenCalls = standIns.callLog("htgettoken").size();
        Refresh.Outcome o = run(config("production", service.keytab()));
        assertEquals(0, o.exit(), o.toString());
        assertEquals(FERRY, Refresh.uids(db));
        List<FerryRequest> requests = ferry.requests();
        assertEquals(3, requests.size());
        String credkey = CredKey.of(service.principal());
        assertTrue(requests.stream().allMatch(r -> r.identity().equals(credkey)), requests.toString());
        assertEquals(htgettokenCalls + 1, standIns.callLog("htgettoken").size(), "one token per run");
        try (var left = Files.list(dir)) {
            List<String> names =
                    left.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("db", "managed-tokens.yml"), names, "the run left files in its TMPDIR");
        }
    }

    @Test
    void noTicketStopsBeforeAnyRequest() throws Exception {
        Refresh.seed(db, Map.of("dunepro", 4001L));
        Refresh.Outcome o = run(config("production", dir.resolve("missing.keytab")));
        assertEquals(1, o.exit(), o.toString());
        assertTrue(
                o.err()
                        .contains("refresh-uids-from-ferry: no Kerberos ticket for the FERRY service"
                                + " fermilab_production: kinit"),
                o.err());
        assertEquals(0, ferry.requests().size());
        assertEquals(Map.of("dunepro", 4001L), Refresh.uids(db));
        assertEquals(0, o.report().requestsSent());
    }

    @Test
    void noTokenStopsBeforeAnyRequest() throws Exception {
        Refresh.Outcome o = run(config("analysis", service.keytab()));
        assertEquals(1, o.exit(), o.toString());
        assertTrue(
                o.err()
                        .contains("refresh-uids-from-ferry: no bearer token for the FERRY service fermilab_analysis:"
                                + " htgettoken"),
                o.err());
        assertEquals(0, ferry.requests().size());
        assertTrue(
                o.report().problems().get(0).startsWith("no bearer token"),
                o.report().problems().toString());
    }
}
