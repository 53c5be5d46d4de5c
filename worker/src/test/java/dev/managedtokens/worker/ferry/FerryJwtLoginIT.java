package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.CredKey;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.standins.BearerToken;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.StandIns;
import dev.managedtokens.worker.BedTickets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT login against the bed's real KDC and its htgettoken stand-in: a good keytab and an onboarded service give
 * a bearer token the bed's issuer signed; no ticket or no token is a one-line setup error; nothing stays on disk.
 */
class FerryJwtLoginIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0, "ferrysvc"));

    static StandIns standIns;
    static ServiceAccount account;

    @TempDir
    Path tmp;

    final FerryJwtLogin login = new FerryJwtLogin(new ProcessRunner(4));

    @BeforeAll
    static void standIns() {
        standIns = StandIns.install(BED.bed().dir());
        account = BED.bed().account("ferrysvc");
        standIns.onboard("fermilab", "production", CredKey.of(account.principal()));
    }

    JwtLoginRequest request(Path keytab, String role, String vaultServer) {
        return new JwtLoginRequest(
                "fermilab",
                role,
                account.principal(),
                keytab,
                vaultServer,
                Optional.empty(),
                tmp,
                BedTickets.environment(BED.bed()),
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                false);
    }

    @Test
    void aGoodKeytabAndAnOnboardedServiceGiveATokenFromTheBedsIssuer() throws Exception {
        int callsBefore = standIns.callLog("htgettoken").size();
        BearerSecret secret = login.login(request(account.keytab(), "production", StandIns.DEFAULT_VAULT_SERVER));
        String jwt = secret.authorizationHeader().substring("Bearer ".length());
        BearerToken token = standIns.verifyBearerToken(jwt);
        assertEquals("https://issuer.testbed/fermilab", token.issuer());
        assertTrue(token.expiry().isAfter(Instant.now()));
        assertTrue(
                token.groups().contains("/fermilab/production"), token.groups().toString());

        List<Call> calls = standIns.callLog("htgettoken");
        assertEquals(callsBefore + 1, calls.size(), "htgettoken runs once per login, not once per account");
        Call call = calls.get(calls.size() - 1);
        List<String> argv = call.argv();
        assertEquals(List.of("-a", StandIns.DEFAULT_VAULT_SERVER, "-i", "fermilab"), argv.subList(0, 4));
        assertEquals(List.of("--role", "production"), argv.subList(argv.size() - 2, argv.size()));
        String vaultTokenFile = argv.get(argv.indexOf("--vaulttokenfile") + 1);
        assertTrue(
                vaultTokenFile.startsWith(tmp.toString()) && vaultTokenFile.endsWith("/vault_token"),
                "the vault token goes to a file of its own in the private directory: " + vaultTokenFile);
        assertEquals("--credkey=" + CredKey.of(account.principal()), call.envValue("HTGETTOKENOPTS"));
        assertTrue(call.envValue("KRB5CCNAME").startsWith("FILE:" + tmp), call.envValue("KRB5CCNAME"));
        assertNothingLeftIn(tmp);
    }

    @Test
    void noTicketFailsBeforeAnyTokenIsAsked() throws Exception {
        int callsBefore = standIns.callLog("htgettoken").size();
        FerrySetupException e = assertThrows(
                FerrySetupException.class,
                () -> login.login(request(tmp.resolve("missing.keytab"), "production", StandIns.DEFAULT_VAULT_SERVER)));
        assertTrue(
                e.getMessage().startsWith("no Kerberos ticket for the FERRY service fermilab_production: kinit"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("check ferry.serviceKeytabPath " + tmp.resolve("missing.keytab")),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(callsBefore, standIns.callLog("htgettoken").size());
        assertNothingLeftIn(tmp);
    }

    @Test
    void noTokenForAServiceNotOnboardedIsASetupError() throws Exception {
        FerrySetupException e = assertThrows(
                FerrySetupException.class,
                () -> login.login(request(account.keytab(), "analysis", StandIns.DEFAULT_VAULT_SERVER)));
        assertTrue(
                e.getMessage()
                        .startsWith("no bearer token for the FERRY service fermilab_analysis: htgettoken -a "
                                + StandIns.DEFAULT_VAULT_SERVER + " -i fermilab --role analysis exit 1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("is onboarded in Vault"), e.getMessage());
        assertFalse(e.getMessage().contains("eyJ"));
        assertNothingLeftIn(tmp);
    }

    @Test
    void anUnknownVaultServerIsASetupError() {
        FerrySetupException e = assertThrows(
                FerrySetupException.class,
                () -> login.login(request(account.keytab(), "production", "novault.testbed")));
        assertTrue(e.getMessage().contains("check ferry.vaultServer"), e.getMessage());
    }

    @Test
    void missingSettingsAreNamed() {
        FerrySetupException e =
                assertThrows(FerrySetupException.class, () -> login.login(request(account.keytab(), "production", "")));
        assertEquals(
                "ferry.vaultServer is not set; --authmethod jwt needs the Vault server htgettoken asks",
                e.getMessage());
    }

    private static void assertNothingLeftIn(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            List<Path> left = files.toList();
            assertTrue(left.isEmpty(), "left behind: " + left);
        }
    }
}
