package dev.managedtokens.worker.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ferry.ClientCredential;
import dev.managedtokens.testbed.ferry.FerryAuthMode;
import dev.managedtokens.testbed.ferry.FerryCertificates;
import dev.managedtokens.testbed.ferry.FerryFault;
import dev.managedtokens.testbed.ferry.FerryRequest;
import dev.managedtokens.testbed.ferry.FerryStandIn;
import dev.managedtokens.testbed.support.Tools;
import dev.managedtokens.worker.Deadline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The FERRY client against the bed's FERRY stand-in, over real TLS with certificates made for this run. */
class FerryClientIT {

    /** Generous: the machine may be loaded by other builds; only the SLOW tests wait this long. */
    static final Duration TIMEOUT = Duration.ofSeconds(8);

    static final Map<String, Long> UIDS = Map.of("alice", 5001L, "bob", 5002L, "carol", 5003L, "dave", 5004L);

    @TempDir
    static Path dir;

    static FerryCertificates certs;
    static FerryStandIn ferry;

    @BeforeAll
    static void start() {
        certs = FerryCertificates.create(dir.resolve("pki"), "localhost", new Tools(new ProcessRunner(4)));
        ferry = FerryStandIn.start(certs);
        ferry.setUids(UIDS);
    }

    @AfterAll
    static void stop() {
        if (ferry != null) ferry.close();
    }

    @BeforeEach
    void reset() {
        ferry.clearFaults();
        ferry.clearRequests();
        ferry.setAuthMode(FerryAuthMode.CLIENT_CERTIFICATE);
    }

    static Stream<ClientCredential> keyForms() {
        return Stream.of(certs.client(), certs.clientPkcs1(), certs.clientEc());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyForms")
    void everyAccountGetsItsUidWithAClientKeyAsGridHostsKeepIt(ClientCredential client) {
        FerryLookups result = lookUp(tls(client), List.copyOf(UIDS.keySet()));
        assertEquals(UIDS, result.uids(), result.failures().toString());
        assertTrue(result.unreachable().isEmpty());
        assertTrue(
                ferry.requests().stream().allMatch(r -> r.identity().contains("CN=admin.testbed")),
                ferry.requests().toString());
    }

    @Test
    void oneRequestPerDistinctAccount() {
        FerryLookups result = lookUp(tls(certs.client()), List.of("bob", "alice", "bob", "carol", "alice", "bob"));
        assertEquals(3, result.requestsSent());
        assertEquals(3, ferry.userInfoRequestCount());
        assertEquals(
                List.of("alice", "bob", "carol"),
                result.lookups().stream().map(UidLookup::account).toList());
    }

    @Test
    void anAccountNameWithQuerySyntaxIsAskedAsItIs() {
        ferry.setUid("we ird&name#1", 6001L);
        FerryLookups result = lookUp(tls(certs.client()), List.of("we ird&name#1"));
        assertEquals(
                Map.of("we ird&name#1", 6001L), result.uids(), result.failures().toString());
        assertEquals("we ird&name#1", ferry.requests().get(0).account());
    }

    @ParameterizedTest
    @EnumSource(FerryFault.class)
    void eachFaultFailsOnlyItsAccount(FerryFault fault) {
        ferry.setFault("bob", fault);
        ferry.setSlowDelay(Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        FerryLookups result = lookUp(tls(certs.client()), List.copyOf(UIDS.keySet()));
        assertEquals(
                Map.of("alice", 5001L, "carol", 5003L, "dave", 5004L),
                result.uids(),
                result.failures().toString());
        assertEquals(1, result.failures().size());
        FerryFailure f = result.failures().get(0);
        assertEquals("bob", f.account());
        assertTrue(f.message().contains("account bob"), f.message());
        FerryFailureKind expected = switch (fault) {
            case FERRY_FAILURE -> FerryFailureKind.FERRY_ERROR;
            case UNAUTHORIZED, SERVER_ERROR -> FerryFailureKind.HTTP_STATUS;
            case MALFORMED_JSON -> FerryFailureKind.MALFORMED_RESPONSE;
            case MISSING_UID -> FerryFailureKind.NO_UID;
            case SLOW -> FerryFailureKind.TIMEOUT;
            case HUGE_BODY -> FerryFailureKind.TOO_LARGE;
        };
        assertEquals(expected, f.kind(), f.message());
        if (fault == FerryFault.SLOW) {
            assertTrue(f.message().contains("within 8s"), f.message());
            assertTrue(
                    Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(30)) < 0,
                    "a slow account held the run");
        }
        if (fault == FerryFault.FERRY_FAILURE) {
            assertTrue(
                    f.message().contains("the FERRY stand-in was told to fail for bob; database unavailable"),
                    f.message());
        }
        if (fault == FerryFault.UNAUTHORIZED) {
            assertEquals(401, f.httpStatus());
        }
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefusedOnceWithAClearReason() {
        FerryLookups result = lookUp(tls(certs.clientFromOtherCa()), List.copyOf(UIDS.keySet()));
        assertTrue(result.uids().isEmpty());
        FerryFailure reason = result.unreachable()
                .orElseThrow(() -> new AssertionError(result.failures().toString()));
        assertEquals(FerryFailureKind.TLS, reason.kind(), reason.message());
        assertTrue(
                reason.message()
                        .contains("did not accept our client certificate "
                                + certs.clientFromOtherCa().certificate()),
                reason.message());
        assertTrue(reason.message().contains("untrusted CA"), reason.message());
        assertEquals(1, result.requestsSent(), "only the first account may be tried");
        assertEquals(0, ferry.userInfoRequestCount());
        assertEquals(
                3,
                result.failures().stream()
                        .filter(x -> x.kind() == FerryFailureKind.NOT_ATTEMPTED)
                        .count());
    }

    @Test
    void aServerNotIssuedByACaInCaPathIsNotTrusted() throws Exception {
        Path otherTrust = Files.createDirectories(dir.resolve("other-trust"));
        Files.copy(
                certs.dir().resolve("other-ca/ca.pem"),
                otherTrust.resolve("other.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // The bed CA is there too, but not as *.pem: the Go service reads only *.pem, and so do we.
        Files.copy(
                certs.caCertificate(),
                otherTrust.resolve("ferry-ca.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                certs.caCertificate(),
                otherTrust.resolve("1a2b3c4d.0"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        FerryConnection c = FerryConnection.clientCertificate(FerryTls.clientCertificate(
                certs.client().certificate(), certs.client().key(), otherTrust));
        FerryFailure reason = lookUp(c, List.of("alice")).unreachable().orElseThrow();
        assertEquals(FerryFailureKind.TLS, reason.kind());
        assertTrue(reason.message().contains("not issued by a CA in ferry.caPath"), reason.message());
    }

    @Test
    void theServerCertificateMustNameTheHostAskedFor() {
        FerryCertificates elsewhere = FerryCertificates.create(
                dir.resolve("pki-elsewhere"), "ferry.elsewhere.test", new Tools(new ProcessRunner(4)));
        try (FerryStandIn wrongName = FerryStandIn.start(elsewhere)) {
            wrongName.setUids(UIDS);
            FerryConnection c = FerryConnection.clientCertificate(FerryTls.clientCertificate(
                    elsewhere.client().certificate(), elsewhere.client().key(), elsewhere.trustDirectory()));
            try (FerryClient client =
                    new FerryClient(new FerryEndpoint("https://localhost", wrongName.port()), c, TIMEOUT, 4)) {
                FerryFailure reason = client.lookUp(List.of("alice"), Deadline.after(Duration.ofSeconds(30)))
                        .unreachable()
                        .orElseThrow();
                assertEquals(FerryFailureKind.TLS, reason.kind());
                assertTrue(reason.message().contains("does not name the host"), reason.message());
            }
        }
    }

    @Test
    void ferryDownIsOneUnreachableReasonAndNothingElseIsAsked() {
        FerryConnection c = tls(certs.client());
        int closedPort;
        try (FerryStandIn gone = FerryStandIn.start(certs)) {
            closedPort = gone.port();
        }
        try (FerryClient client = new FerryClient(new FerryEndpoint("https://localhost", closedPort), c, TIMEOUT, 4)) {
            FerryLookups result = client.lookUp(UIDS.keySet(), Deadline.after(Duration.ofSeconds(30)));
            FerryFailure reason = result.unreachable().orElseThrow();
            assertEquals(FerryFailureKind.UNREACHABLE, reason.kind(), reason.message());
            assertTrue(
                    reason.message()
                            .contains("cannot connect to FERRY at https://localhost:" + closedPort
                                    + " (connection refused)"),
                    reason.message());
            assertEquals(1, result.requestsSent());
            assertEquals(4, result.failures().size());
        }
    }

    @Test
    void theGlobalDeadlineBoundsEveryRequest() {
        ferry.setFault("bob", FerryFault.SLOW);
        try (FerryClient client = new FerryClient(endpoint(), tls(certs.client()), Duration.ofSeconds(30), 4)) {
            long t0 = System.nanoTime();
            FerryLookups result =
                    client.lookUp(List.of("alice", "bob", "carol"), Deadline.after(Duration.ofSeconds(6)));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(20)) < 0);
            assertEquals(
                    FerryFailureKind.TIMEOUT, result.lookups().get(1).failure().kind());
            assertEquals(Map.of("alice", 5001L, "carol", 5003L), result.uids());
        }
    }

    @Test
    void aSlowFirstAccountIsNotMistakenForFerryBeingDown() {
        ferry.setFault("alice", FerryFault.SLOW);
        FerryLookups result = lookUp(tls(certs.client()), List.of("alice", "bob"));
        assertTrue(result.unreachable().isEmpty());
        assertEquals(FerryFailureKind.TIMEOUT, result.lookups().get(0).failure().kind());
        assertEquals(Map.of("bob", 5002L), result.uids());
    }

    @Test
    void manyAccountsAreAskedConcurrentlyOverFewConnections() {
        Map<String, Long> many = new java.util.TreeMap<>();
        for (int i = 0; i < 200; i++) many.put("user" + i, 20000L + i);
        ferry.setUids(many);
        FerryLookups result = lookUp(tls(certs.client()), List.copyOf(many.keySet()));
        assertEquals(many, result.uids());
        assertEquals(200, ferry.userInfoRequestCount());
    }

    @Test
    void aBearerTokenIsSentAsTheAuthorizationHeader() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair issuer = gen.generateKeyPair();
        ferry.trustBearerTokens(issuer.getPublic(), "https://issuer.testbed/fermilab");
        ferry.setAuthMode(FerryAuthMode.BEARER_TOKEN);
        BearerSecret token = new BearerSecret(jwt(issuer, "https://issuer.testbed/fermilab"));
        assertFalse(token.toString().contains("eyJ"));
        FerryConnection c = FerryConnection.bearerToken(
                FerryTls.trustOnly(Optional.of(certs.trustDirectory())), token, "bearer token of fermilab_production");
        Instant before = Instant.now();
        FerryLookups result = lookUp(c, List.of("alice", "bob"));
        assertEquals(
                Map.of("alice", 5001L, "bob", 5002L),
                result.uids(),
                () -> before + " " + result.failures() + " " + ferry.requests());
        assertEquals(
                List.of("ferrysvc", "ferrysvc"),
                ferry.requests().stream().map(FerryRequest::identity).toList());

        FerryConnection forged = FerryConnection.bearerToken(
                FerryTls.trustOnly(Optional.of(certs.trustDirectory())),
                new BearerSecret(jwt(gen.generateKeyPair(), "https://issuer.testbed/fermilab")),
                "forged");
        FerryLookups refused = lookUp(forged, List.of("alice"));
        assertEquals(
                401, refused.failures().get(0).httpStatus(), refused.failures().toString());
    }

    @Test
    void setupProblemsNameTheKeyAndTheFile() throws Exception {
        FerrySetupException swapped = assertThrows(
                FerrySetupException.class,
                () -> FerryTls.clientCertificate(
                        certs.client().certificate(), certs.clientEc().key(), certs.trustDirectory()));
        assertTrue(
                swapped.getMessage()
                        .contains("ferry.hostKey " + certs.clientEc().key() + " is not the key of ferry.hostCert"),
                swapped.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty-trust"));
        Files.writeString(empty.resolve("notes.pem"), "not a certificate\n");
        FerrySetupException noCa = assertThrows(
                FerrySetupException.class,
                () -> FerryTls.clientCertificate(
                        certs.client().certificate(), certs.client().key(), empty));
        assertTrue(noCa.getMessage().contains("ferry.caPath " + empty + " holds no CA certificate"), noCa.getMessage());
        FerrySetupException missing = assertThrows(
                FerrySetupException.class,
                () -> FerryTls.clientCertificate(
                        dir.resolve("nope.pem"), certs.client().key(), certs.trustDirectory()));
        assertTrue(
                missing.getMessage().startsWith("cannot read ferry.hostCert " + dir.resolve("nope.pem")),
                missing.getMessage());
        FerrySetupException keyAsCert = assertThrows(
                FerrySetupException.class,
                () -> FerryTls.clientCertificate(
                        certs.client().key(), certs.client().key(), certs.trustDirectory()));
        assertTrue(keyAsCert.getMessage().contains("holds no PEM certificate"), keyAsCert.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    static FerryEndpoint endpoint() {
        return new FerryEndpoint(ferry.hostSetting(), ferry.port());
    }

    static FerryConnection tls(ClientCredential client) {
        return FerryConnection.clientCertificate(
                FerryTls.clientCertificate(client.certificate(), client.key(), certs.trustDirectory()));
    }

    @Test
    void aHugeAnswerStopsBeingReadAtTheLimitAndFailsOnlyItsAccount() {
        // Before: the whole answer was read into one String; 1 GiB of it filled the heap (or ran out the timeout).
        ferry.setFault("bob", FerryFault.HUGE_BODY);
        long sentBefore = ferry.hugeBodyBytesSent();
        long t0 = System.nanoTime();
        FerryLookups result = lookUp(tls(certs.client()), List.copyOf(UIDS.keySet()));

        assertEquals(
                Map.of("alice", 5001L, "carol", 5003L, "dave", 5004L),
                result.uids(),
                result.failures().toString());
        FerryFailure f = result.failures().get(0);
        assertEquals(FerryFailureKind.TOO_LARGE, f.kind(), f.message());
        assertEquals(
                "FERRY's answer for account bob (" + endpoint().userInfo("bob") + ") was not read: the answer is"
                        + " longer than 1048576 bytes, over the limit of 1048576 bytes (1 MiB); check that ferry.host and"
                        + " ferry.port point at FERRY",
                f.message());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(TIMEOUT) < 0, "the limit did not cut the read");
        // What the stand-in could hand over before the client hung up: the limit plus socket and TLS buffers.
        long sent = ferry.hugeBodyBytesSent() - sentBefore;
        assertTrue(sent < 64L << 20, sent + " bytes were sent, as if the client kept reading");
    }

    static FerryLookups lookUp(FerryConnection connection, List<String> accounts) {
        try (FerryClient client = new FerryClient(endpoint(), connection, TIMEOUT, 8)) {
            return client.lookUp(accounts, Deadline.after(Duration.ofSeconds(60)));
        }
    }

    static String jwt(KeyPair key, String issuer) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"ferrysvc\",\"iss\":\"" + issuer + "\",\"exp\":"
                        + (Instant.now().getEpochSecond() + 600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key.getPrivate());
        sig.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64.encodeToString(sig.sign());
    }
}
