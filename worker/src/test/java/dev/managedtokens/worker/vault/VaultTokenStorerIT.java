package dev.managedtokens.worker.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import dev.managedtokens.testbed.TestbedExtension;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import dev.managedtokens.testbed.standins.StandIns;
import dev.managedtokens.testbed.standins.StoredCredential;
import dev.managedtokens.worker.BedTickets;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.schedd.ScheddDiscovery;
import dev.managedtokens.worker.schedd.ScheddRequest;
import dev.managedtokens.worker.schedd.ScheddResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The storer step against the bed's stand-ins (condor_vault_storer, condor_store_cred, htgettoken with the bed's
 * Vault and credds) and its real KDC. The stand-in storer writes the machine's real /tmp, as the real one does, so
 * every service name here is unique to this bed.
 */
class VaultTokenStorerIT {

    @RegisterExtension
    static final TestbedExtension BED = new TestbedExtension(TestbedSpec.of(0, "storeit"));

    private static final int UID = BedTickets.currentUid();
    private static final Path TMP = VaultPaths.DEFAULT_TMP_ROOT;
    private static final AtomicInteger SERVICES = new AtomicInteger();
    private static final List<Path> TO_REMOVE = new ArrayList<>();
    private static boolean defaultTokenExisted;
    private static StandIns standIns;
    private static String collector;
    private static String credd1;
    private static String credd2;

    @TempDir
    Path dir;

    private final VaultTokenStorer storer = new VaultTokenStorer(new ProcessRunner(8));

    /** One experiment_role of this bed, onboarded in its Vault, with a real ticket. */
    private record Service(String name, String issuer, String role, String credkey, String krb5ccname) {}

    @BeforeAll
    static void installStandIns() {
        Testbed bed = BED.bed();
        defaultTokenExisted = Files.exists(VaultPaths.defaultToken(TMP, UID));
        standIns = StandIns.install(bed.dir());
        collector = "collector." + bed.domain();
        credd1 = "credd1." + bed.domain();
        credd2 = "credd2." + bed.domain();
        standIns.definePool(collector, List.of(StandIns.scheddAd(credd2), StandIns.scheddAd(credd1)));
    }

    @AfterAll
    static void removeTmpFiles() throws IOException {
        for (Path p : TO_REMOVE) Files.deleteIfExists(p);
        if (!defaultTokenExisted) VaultTokenCleanup.removeDefaultToken(UID);
    }

    @AfterEach
    void clearFailureModes() {
        standIns.clearFailureModes();
    }

    private Service service() {
        Testbed bed = BED.bed();
        ServiceAccount account = bed.account("storeit");
        String issuer = "w" + bed.id() + SERVICES.incrementAndGet();
        Service s = new Service(
                issuer + "_production",
                issuer,
                "production",
                account.principal(),
                BedTickets.kinit(bed, account, dir.resolve("cache-" + issuer)));
        standIns.onboard(s.issuer(), s.role(), s.credkey());
        TO_REMOVE.add(VaultPaths.condorLocation(TMP, UID, s.name()));
        return s;
    }

    private StoreRequest request(Service s, String credd, Duration timeout) {
        return new StoreRequest(
                s.name(),
                credd,
                collector,
                StandIns.DEFAULT_VAULT_SERVER,
                s.krb5ccname(),
                "--vaulttokenminttl=10s --credkey=" + s.credkey(),
                dir,
                TMP,
                UID,
                null,
                BedTickets.environment(BED.bed()),
                timeout,
                false,
                false);
    }

    private StoreRequest request(Service s, String credd) {
        return request(s, credd, Duration.ofSeconds(60));
    }

    private static List<Call> storerCalls(Service s) {
        return standIns.callLog("condor_vault_storer").stream()
                .filter(c -> c.argv().contains(s.name()))
                .toList();
    }

    private static List<StoredCredential> credentials(String credd, Service s) {
        return standIns.credentials(credd).stream()
                .filter(c -> c.service().equals(s.name()))
                .toList();
    }

    @Test
    void everyCreddOfTheCollectorGetsTheTokenFromItsOwnStorerCall() throws IOException {
        Service s = service();
        ScheddResult schedds = new ScheddDiscovery(new ProcessRunner(2))
                .discover(new ScheddRequest(
                        collector, "", null, BedTickets.environment(BED.bed()), Duration.ofSeconds(20)));
        assertEquals(List.of(credd2, credd1), schedds.schedds(), String.valueOf(schedds.failure()));

        for (String credd : schedds.schedds()) {
            StoreResult r = storer.store(request(s, credd));
            assertTrue(r.succeeded() && r.storedBack(), r.failure() + "\n" + r.output());
        }

        List<Call> calls = storerCalls(s);
        assertEquals(
                List.of(credd2, credd1),
                calls.stream().map(c -> c.envValue("_condor_CREDD_HOST")).toList());
        for (Call c : calls) {
            assertEquals(List.of("--", s.name()), c.argv());
            assertEquals("-a " + StandIns.DEFAULT_VAULT_SERVER, c.envValue("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS"));
            assertEquals(collector, c.envValue("_condor_COLLECTOR_HOST"));
            assertEquals(s.krb5ccname(), c.envValue("KRB5CCNAME"));
            assertNull(c.envValue("BEARER_TOKEN_FILE"));
            String xdg = c.envValue("XDG_RUNTIME_DIR");
            assertNotNull(xdg, "each storer call has a private XDG_RUNTIME_DIR");
            assertFalse(Files.exists(Path.of(xdg)), "and it is removed afterwards");
        }
        assertNotEquals(calls.get(0).envValue("XDG_RUNTIME_DIR"), calls.get(1).envValue("XDG_RUNTIME_DIR"));
        for (String credd : List.of(credd1, credd2)) {
            List<StoredCredential> held = credentials(credd, s);
            assertEquals(1, held.size(), credd + " holds " + standIns.credentials(credd));
            assertEquals(s.credkey(), held.get(0).identity(), "filed under the service's own identity");
            Path stored = VaultPaths.storedToken(dir, UID, credd, s.name());
            assertTrue(Files.readString(stored).startsWith("hvs."), stored.toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));
        }
        assertFalse(Files.exists(VaultPaths.condorLocation(TMP, UID, s.name())), "the condor location is as it was");
    }

    @Test
    void aStoredTokenIsStagedSoTheNextStoreReusesIt() throws IOException {
        Service s = service();
        assertTrue(storer.store(request(s, credd1)).succeeded());
        Path stored = VaultPaths.storedToken(dir, UID, credd1, s.name());
        String token = Files.readString(stored);
        int minted = standIns.mintedVaultTokens(s.issuer(), s.role());
        Path condor = VaultPaths.condorLocation(TMP, UID, s.name());
        Files.writeString(condor, "operator's own\n");

        StoreResult again = storer.store(request(s, credd1));

        assertTrue(again.succeeded(), again.failure() + "\n" + again.output());
        assertEquals(
                minted,
                standIns.mintedVaultTokens(s.issuer(), s.role()),
                "the staged token still had enough life, so Vault minted nothing new");
        assertEquals(token, Files.readString(stored));
        assertEquals("operator's own\n", Files.readString(condor), "what was at the condor location is put back");
    }

    @ParameterizedTest
    // Without a terminal htgettoken runs no device flow, so the poll timeout mode fails like plain auth-needed.
    @CsvSource({
        "AUTH_NEEDED, AUTH_NEEDED",
        "HTGETTOKEN_TIMEOUT, AUTH_NEEDED",
        "PERMISSION_DENIED, PERMISSION_DENIED",
        "MISMATCH, CREDENTIALS_MISMATCH",
        "CRASH, COMMAND_FAILED"
    })
    void aFailingStorerIsReportedByKindAndTheStoredTokenIsKept(FailureMode mode, FailureKind kind) throws IOException {
        Service s = service();
        Path stored = VaultPaths.storedToken(dir, UID, credd1, s.name());
        Files.writeString(stored, "hvs.kept-from-an-earlier-run\n");
        standIns.setFailureMode(FailureTarget.service(s.name()), mode);

        StoreResult r = storer.store(request(s, credd1));

        assertEquals(kind, r.failure() == null ? null : r.failure().kind(), r.failure() + "\n" + r.output());
        assertEquals("hvs.kept-from-an-earlier-run\n", Files.readString(stored));
        assertTrue(credentials(credd1, s).isEmpty());
    }

    @Test
    void aCreddThatCannotBeReachedFailsAtTheStoreAndIsReportedWithoutGuessingWhy() throws IOException {
        Service s = service();
        String credd = "nosuch." + BED.bed().domain();
        Path stored = VaultPaths.storedToken(dir, UID, credd, s.name());
        Files.writeString(stored, "hvs.kept-from-an-earlier-run\n");
        int before = standIns.callLog().size();

        StoreResult r = storer.store(request(s, credd));

        assertEquals(FailureKind.CREDD_STORE_FAILED, r.failure().kind(), r.failure() + "\n" + r.output());
        assertTrue(
                r.failure().message().contains("credd " + credd + " did not store the credential"),
                r.failure().message());
        assertTrue(
                r.failure()
                        .message()
                        .contains("do not say whether the credd is down or unreachable, refused to "
                                + "authenticate this account, or refused the write"),
                r.failure().message());
        assertEquals("hvs.kept-from-an-earlier-run\n", Files.readString(stored), "the store keeps its token");
        // The real storer's sequence: the query's exit 1 reads as "nothing stored", a new token is fetched and
        // exchanged, and only add-oauth fails.
        List<String> calls = standIns
                .callLog()
                .subList(before, standIns.callLog().size())
                .stream()
                .map(c -> c.tool()
                        + (c.tool().equals("condor_store_cred") ? " " + c.argv().get(0) : ""))
                .toList();
        assertEquals(
                List.of(
                        "condor_vault_storer",
                        "condor_config_val",
                        "condor_store_cred query-oauth",
                        "htgettoken",
                        "htgettoken",
                        "condor_store_cred add-oauth"),
                calls);
    }

    @Test
    void aHangingStorerIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Service s = service();
        standIns.setFailureMode(FailureTarget.credd(credd2), FailureMode.HANG);
        long start = System.nanoTime();

        StoreResult r = storer.store(request(s, credd2, Duration.ofSeconds(3)));

        assertEquals(FailureKind.TIMEOUT, r.failure().kind(), r.failure() + "\n" + r.output());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0);
        List<Long> pids = new ArrayList<>(standIns.hungProcessIds());
        assertFalse(pids.isEmpty(), "the hang mode started nothing");
        storerCalls(s).forEach(c -> pids.add(c.pid()));
        for (long pid : pids) {
            ProcessHandle h = ProcessHandle.of(pid).orElse(null);
            if (h == null) continue;
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                h.destroyForcibly();
                fail("pid " + pid + " (" + h.info().commandLine().orElse("?") + ") outlived the storer's timeout");
            }
        }
    }
}
