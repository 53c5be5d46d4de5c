package dev.managedtokens.testbed.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FERRY stand-in, driven by a plain JDK client: it requires a client certificate from its CA, serves FERRY's
 * envelope, misbehaves per account as told, and in bearer mode checks a token's signature, expiry and issuer.
 */
class FerryStandInIT {

    @TempDir
    static Path dir;

    static FerryCertificates certs;
    static FerryStandIn ferry;

    @BeforeAll
    static void start() {
        certs = FerryCertificates.create(dir.resolve("pki"), "localhost", new Tools(new ProcessRunner(4)));
        ferry = FerryStandIn.start(certs);
        ferry.setUids(Map.of("alice", 5001L, "bob", 5002L));
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

    @Test
    void certificatesHaveTheFormsGridHostsUse() throws Exception {
        assertTrue(Files.readString(certs.client().key()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(certs.clientPkcs1().key()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        String ec = Files.readString(certs.clientEc().key());
        assertTrue(ec.startsWith("-----BEGIN EC PARAMETERS-----") && ec.contains("-----BEGIN EC PRIVATE KEY-----"), ec);
        assertEquals(List.of(certs.trustDirectory().resolve("ferry-ca.pem")), list(certs.trustDirectory()));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(certs.client().key())));
        X509Certificate server = FerryCertificates.certificate(certs.dir().resolve("server/server.pem"));
        X509Certificate ca = FerryCertificates.certificate(certs.caCertificate());
        server.verify(ca.getPublicKey());
        assertTrue(server.getSubjectAlternativeNames().stream()
                .anyMatch(n -> n.get(1).equals("localhost")));
        X509Certificate other =
                FerryCertificates.certificate(certs.clientFromOtherCa().certificate());
        assertThrows(java.security.SignatureException.class, () -> other.verify(ca.getPublicKey()));
    }

    @Test
    void aTrustedClientCertificateGetsTheEnvelopeWithTheUid() throws Exception {
        HttpResponse<String> r = get(client(certs.client()), "alice");
        assertEquals(200, r.statusCode());
        assertTrue(
                r.body().startsWith("{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":{"), r.body());
        assertTrue(r.body().contains("\"uid\":5001"), r.body());
        assertTrue(r.body().contains("\"groupaccount\":\"false\""), r.body());
        FerryRequest logged = ferry.requests().get(0);
        assertEquals("alice", logged.account());
        assertTrue(logged.identity().contains("CN=admin.testbed"), logged.toString());
        assertEquals(1, ferry.userInfoRequestCount());
    }

    @Test
    void anUnknownAccountIsAFerryFailure() throws Exception {
        HttpResponse<String> r = get(client(certs.client()), "nobody");
        assertEquals(200, r.statusCode());
        assertEquals(
                "{\"ferry_status\":\"failure\",\"ferry_error\":[\"User does not exist.\"],\"ferry_output\":null}",
                r.body());
    }

    @Test
    void noClientCertificateOrOneFromAnotherCaFailsTheHandshake() throws Exception {
        assertThrows(IOException.class, () -> get(client(null), "alice"));
        assertThrows(IOException.class, () -> get(client(certs.clientFromOtherCa()), "alice"));
        assertEquals(0, ferry.userInfoRequestCount());
    }

    @Test
    void eachFaultAffectsOnlyItsAccount() throws Exception {
        HttpClient c = client(certs.client());
        ferry.setFault("alice", FerryFault.FERRY_FAILURE);
        HttpResponse<String> failure = get(c, "alice");
        assertEquals(200, failure.statusCode());
        assertTrue(
                failure.body().startsWith("{\"ferry_status\":\"failure\",\"ferry_error\":[\"the FERRY stand-in"),
                failure.body());
        assertTrue(get(c, "bob").body().contains("\"uid\":5002"));

        ferry.setFault("alice", FerryFault.UNAUTHORIZED);
        assertEquals(401, get(c, "alice").statusCode());
        ferry.setFault("alice", FerryFault.SERVER_ERROR);
        HttpResponse<String> serverError = get(c, "alice");
        assertEquals(500, serverError.statusCode());
        assertTrue(serverError.body().startsWith("<html>"));
        ferry.setFault("alice", FerryFault.MALFORMED_JSON);
        assertTrue(get(c, "alice").body().endsWith("\"uid\":"));
        ferry.setFault("alice", FerryFault.MISSING_UID);
        HttpResponse<String> missing = get(c, "alice");
        assertTrue(
                missing.body().contains("\"ferry_status\":\"success\"")
                        && !missing.body().contains("uid"),
                missing.body());
        assertTrue(get(c, "bob").body().contains("\"uid\":5002"));
    }

    @Test
    void aSlowAccountOutlastsTheClientTimeoutWhileOthersAnswer() throws Exception {
        HttpClient c = client(certs.client());
        ferry.setFault("alice", FerryFault.SLOW);
        HttpRequest slow = HttpRequest.newBuilder(uri("alice"))
                .timeout(Duration.ofMillis(500))
                .build();
        long t0 = System.nanoTime();
        assertThrows(HttpTimeoutException.class, () -> c.send(slow, HttpResponse.BodyHandlers.ofString()));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
        assertTrue(get(c, "bob").body().contains("\"uid\":5002"));
    }

    @Test
    void bearerModeChecksSignatureExpiryAndIssuer() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair issuerKey = gen.generateKeyPair();
        KeyPair otherKey = gen.generateKeyPair();
        ferry.trustBearerTokens(issuerKey.getPublic(), "https://issuer.testbed/fermilab");
        ferry.setAuthMode(FerryAuthMode.BEARER_TOKEN);
        HttpClient c = client(null);
        long now = Instant.now().getEpochSecond();

        String good = jwt(issuerKey.getPrivate(), "https://issuer.testbed/fermilab", now + 600);
        HttpResponse<String> ok = get(c, "bob", good);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"uid\":5002"));
        assertEquals("ferrysvc", ferry.requests().get(0).identity());

        assertRejected(c, null, "no bearer token");
        assertRejected(c, jwt(issuerKey.getPrivate(), "https://issuer.testbed/fermilab", now - 5), "expired");
        assertRejected(c, jwt(issuerKey.getPrivate(), "https://issuer.testbed/dune", now + 600), "issuer");
        assertRejected(c, jwt(otherKey.getPrivate(), "https://issuer.testbed/fermilab", now + 600), "signature");
        assertRejected(c, "not-a-jwt", "not a JWT");
    }

    private void assertRejected(HttpClient c, String token, String why) throws Exception {
        HttpResponse<String> r = get(c, "bob", token);
        assertEquals(401, r.statusCode(), why + ": " + r.body());
        assertTrue(r.body().startsWith("{\"ferry_status\":\"failure\""), r.body());
        assertTrue(r.body().contains(why), why + " not in " + r.body());
    }

    // ---------------------------------------------------------------- a plain JDK client

    private static URI uri(String account) {
        return URI.create(ferry.hostSetting() + ":" + ferry.port() + "/getUserInfo?username=" + account);
    }

    private static HttpResponse<String> get(HttpClient c, String account) throws Exception {
        return get(c, account, null);
    }

    private static HttpResponse<String> get(HttpClient c, String account, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(account)).timeout(Duration.ofSeconds(10));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the bed CA; presents {@code credential} (a PKCS#8 key) when not null. */
    private static HttpClient client(ClientCredential credential) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", FerryCertificates.certificate(certs.caCertificate()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (credential != null) {
            String pem = Files.readString(credential.key());
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            keys.setKeyEntry("client", key, new char[0], new Certificate[] {
                FerryCertificates.certificate(credential.certificate())
            });
        }
        kmf.init(keys, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder()
                .sslContext(ctx)
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    private static String jwt(PrivateKey key, String issuer, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"sub\":\"ferrysvc\",\"iss\":\"" + issuer + "\",\"exp\":" + exp + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + b64.encodeToString(sig.sign());
    }

    private static List<Path> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }
}
