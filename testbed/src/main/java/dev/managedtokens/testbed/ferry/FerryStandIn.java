package dev.managedtokens.testbed.ferry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.managedtokens.testbed.standins.BearerToken;
import dev.managedtokens.testbed.support.TestbedException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * FERRY as refresh-uids-from-ferry sees it: {@code GET /getUserInfo?username=<account>} over HTTPS on a loopback
 * port, answered with FERRY's envelope ({@code ferry_status}, {@code ferry_error}, {@code ferry_output}) from a map of
 * accounts to UIDs. Callers authenticate with a client certificate from the bed's FERRY CA, or with a bearer token
 * the bed's htgettoken issued (signature, expiry and issuer checked). Each account can be switched into a
 * {@link FerryFault}; every request is logged.
 */
public final class FerryStandIn implements AutoCloseable {

    /** How long a {@link FerryFault#SLOW} answer waits unless told otherwise: longer than any client timeout. */
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(60);

    /** How much a {@link FerryFault#HUGE_BODY} answer sends at most, if the client reads it all: 1 GiB. */
    public static final long HUGE_BODY_BYTES = 1L << 30;

    /** What FERRY answers for an account it does not know. */
    public static final String NO_SUCH_USER = "User does not exist.";

    private final FerryCertificates certificates;
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Long> uids = new ConcurrentHashMap<>();
    private final Map<String, FerryFault> faults = new ConcurrentHashMap<>();
    private final List<FerryRequest> requests = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private volatile FerryAuthMode authMode = FerryAuthMode.CLIENT_CERTIFICATE;
    private volatile PublicKey bearerKey;
    private volatile String bearerIssuer;
    private volatile Duration slowDelay = DEFAULT_SLOW_DELAY;
    private final java.util.concurrent.atomic.AtomicLong hugeBodyBytesSent =
            new java.util.concurrent.atomic.AtomicLong();

    private FerryStandIn(FerryCertificates certificates, HttpsServer server) {
        this.certificates = certificates;
        this.server = server;
    }

    /**
     * Starts the stand-in on a free port of 127.0.0.1 with the server certificate of {@code certificates},
     * requiring client certificates, with no accounts. It is ready when this returns.
     */
    public static FerryStandIn start(FerryCertificates certificates) {
        SSLContext context = certificates.serverContext();
        HttpsServer server;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port on 127.0.0.1 for the FERRY stand-in: " + e, e);
        }
        FerryStandIn ferry = new FerryStandIn(certificates, server);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                // Read for every new connection, so the mode can be switched between runs.
                SSLParameters p = context.getDefaultSSLParameters();
                p.setNeedClientAuth(ferry.authMode == FerryAuthMode.CLIENT_CERTIFICATE);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ferry::handle);
        server.setExecutor(ferry.executor);
        server.start();
        return ferry;
    }

    // ---------------------------------------------------------------- where it is

    /** The host name of the server certificate, e.g. {@code localhost}. */
    public String hostName() {
        return certificates.serverHostName();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code https://<host name>}: the value of {@code ferry.host} (the port goes to {@code ferry.port}). */
    public String hostSetting() {
        return "https://" + hostName();
    }

    public FerryCertificates certificates() {
        return certificates;
    }

    /**
     * The {@code ferry:} section of a configuration that points at this stand-in with {@code client}, plus
     * {@code extraKeys} (e.g. the JWT keys {@code serviceExperiment: ...}), each a {@code key: value} line.
     */
    public String configSection(ClientCredential client, String... extraKeys) {
        StringBuilder sb = new StringBuilder("ferry:\n");
        sb.append("  host: ").append(hostSetting()).append('\n');
        sb.append("  port: ").append(port()).append('\n');
        sb.append("  caPath: ").append(certificates.trustDirectory()).append('\n');
        sb.append("  hostCert: ").append(client.certificate()).append('\n');
        sb.append("  hostKey: ").append(client.key()).append('\n');
        for (String line : extraKeys) {
            sb.append("  ").append(line.strip()).append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- what it knows and how it behaves

    public void setUid(String account, long uid) {
        uids.put(account, uid);
    }

    /** Adds these accounts (replacing their UIDs); others are kept. */
    public void setUids(Map<String, Long> accountsToUids) {
        uids.putAll(accountsToUids);
    }

    /** FERRY forgets the account: it answers {@value #NO_SUCH_USER}. */
    public void removeAccount(String account) {
        uids.remove(account);
    }

    public void setFault(String account, FerryFault fault) {
        faults.put(account, fault);
    }

    public void clearFault(String account) {
        faults.remove(account);
    }

    public void clearFaults() {
        faults.clear();
    }

    public void setSlowDelay(Duration delay) {
        slowDelay = delay;
    }

    /** How new connections authenticate; connections already open keep what they had. */
    public void setAuthMode(FerryAuthMode mode) {
        authMode = mode;
    }

    /**
     * For {@link FerryAuthMode#BEARER_TOKEN}: tokens must verify (RS256) with {@code key}, be unexpired, and carry
     * {@code iss} equal to {@code issuer} (the bed's htgettoken writes {@code https://issuer.testbed/<issuer>}).
     */
    public void trustBearerTokens(PublicKey key, String issuer) {
        bearerKey = key;
        bearerIssuer = issuer;
    }

    // ---------------------------------------------------------------- what happened

    /** Every request answered so far, in arrival order. */
    public List<FerryRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** How many {@code getUserInfo} requests arrived (answered or not). */
    public int userInfoRequestCount() {
        return (int)
                requests().stream().filter(r -> r.path().equals("/getUserInfo")).count();
    }

    /** How many bytes {@link FerryFault#HUGE_BODY} answers have handed to the connection so far, all answers summed. */
    public long hugeBodyBytesSent() {
        return hugeBodyBytesSent.get();
    }

    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new TestbedException("the FERRY stand-in's handlers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the server

    private void handle(HttpExchange exchange) throws IOException {
        Instant received = clock.instant();
        String path = exchange.getRequestURI().getPath();
        String account = queryParameter(exchange.getRequestURI().getRawQuery(), "username");
        try (exchange) {
            Optional<String> identity = authenticate(exchange);
            if (identity.isEmpty()) {
                return; // authenticate answered 401 and logged it
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                answer(
                        exchange,
                        received,
                        account,
                        identity.get(),
                        405,
                        failure("method not allowed"),
                        "method " + exchange.getRequestMethod());
                return;
            }
            if (!path.equals("/getUserInfo")) {
                answer(
                        exchange,
                        received,
                        account,
                        identity.get(),
                        404,
                        failure("no such endpoint: " + path),
                        "unknown path");
                return;
            }
            if (account == null || account.isEmpty()) {
                answer(
                        exchange,
                        received,
                        account,
                        identity.get(),
                        400,
                        failure("Required parameter username not provided."),
                        "no username");
                return;
            }
            answerUserInfo(exchange, received, account, identity.get());
        }
    }

    private void answerUserInfo(HttpExchange exchange, Instant received, String account, String identity)
            throws IOException {
        FerryFault fault = faults.get(account);
        Long uid = uids.get(account);
        if (fault == FerryFault.SLOW) {
            try {
                if (closing.await(slowDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                    log(new FerryRequest(
                            "/getUserInfo", account, 0, identity, "fault SLOW, dropped at close", received));
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (fault != null && fault != FerryFault.SLOW) {
            switch (fault) {
                case FERRY_FAILURE ->
                    answer(
                            exchange,
                            received,
                            account,
                            identity,
                            200,
                            failure("the FERRY stand-in was told to fail for " + account, "database unavailable"),
                            "fault " + fault);
                case UNAUTHORIZED ->
                    answer(
                            exchange,
                            received,
                            account,
                            identity,
                            401,
                            failure("Unauthorized: not allowed to read user information"),
                            "fault " + fault);
                case SERVER_ERROR ->
                    send(
                            exchange,
                            received,
                            account,
                            identity,
                            500,
                            "text/html",
                            "<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server"
                                    + " Error</h1></body></html>\n",
                            "fault " + fault);
                case MALFORMED_JSON ->
                    send(
                            exchange,
                            received,
                            account,
                            identity,
                            200,
                            "application/json",
                            "{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":{\"uid\":",
                            "fault " + fault);
                case MISSING_UID ->
                    answer(
                            exchange,
                            received,
                            account,
                            identity,
                            200,
                            envelope("success", "[]", userAttributes(account, null)),
                            "fault " + fault);
                case HUGE_BODY -> streamHugeBody(exchange, received, account, identity);
                default -> throw new IllegalStateException("unhandled fault " + fault);
            }
            return;
        }
        if (uid == null) {
            answer(exchange, received, account, identity, 200, failure(NO_SUCH_USER), "unknown account");
            return;
        }
        answer(
                exchange,
                received,
                account,
                identity,
                200,
                envelope("success", "[]", userAttributes(account, uid)),
                "uid " + uid + (fault == FerryFault.SLOW ? " (slow)" : ""));
    }

    /** The caller's identity, or empty after answering 401. */
    private Optional<String> authenticate(HttpExchange exchange) throws IOException {
        Instant received = clock.instant();
        String account = queryParameter(exchange.getRequestURI().getRawQuery(), "username");
        if (authMode == FerryAuthMode.CLIENT_CERTIFICATE) {
            try {
                // The handshake already required a certificate from the bed CA; this only names the caller.
                return Optional.of(((HttpsExchange) exchange)
                        .getSSLSession()
                        .getPeerPrincipal()
                        .getName());
            } catch (SSLPeerUnverifiedException e) {
                answer(
                        exchange,
                        received,
                        account,
                        "",
                        401,
                        failure("Unauthorized: no client certificate"),
                        "no client certificate");
                return Optional.empty();
            }
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            answer(exchange, received, account, "", 401, failure("Unauthorized: no bearer token"), "no bearer token");
            return Optional.empty();
        }
        String problem;
        BearerToken token = null;
        PublicKey key = bearerKey;
        if (key == null) {
            problem = "the stand-in trusts no token issuer (call trustBearerTokens)";
        } else {
            try {
                token = BearerToken.verify(header.substring("Bearer ".length()), key);
                problem = tokenProblem(token);
            } catch (RuntimeException e) {
                problem = "bearer token rejected: " + e.getMessage();
            }
        }
        if (problem != null) {
            answer(exchange, received, account, "", 401, failure("Unauthorized: " + problem), problem);
            return Optional.empty();
        }
        return Optional.of(token.subject());
    }

    private String tokenProblem(BearerToken token) {
        if (!clock.instant().isBefore(token.expiry())) {
            return "bearer token expired at " + token.expiry();
        }
        if (!String.valueOf(bearerIssuer).equals(token.issuer())) {
            return "bearer token issuer " + token.issuer() + " is not " + bearerIssuer;
        }
        return null;
    }

    private void answer(
            HttpExchange exchange,
            Instant received,
            String account,
            String identity,
            int status,
            String json,
            String what)
            throws IOException {
        send(exchange, received, account, identity, status, "application/json", json, what);
    }

    private void send(
            HttpExchange exchange,
            Instant received,
            String account,
            String identity,
            int status,
            String contentType,
            String body,
            String what)
            throws IOException {
        log(new FerryRequest(exchange.getRequestURI().getPath(), account, status, identity, what, received));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Streams {@link #HUGE_BODY_BYTES} (chunked, no length announced) until done or the client hangs up. */
    private void streamHugeBody(HttpExchange exchange, Instant received, String account, String identity)
            throws IOException {
        log(new FerryRequest(exchange.getRequestURI().getPath(), account, 200, identity, "fault HUGE_BODY", received));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        byte[] spaces = new byte[64 * 1024];
        java.util.Arrays.fill(spaces, (byte) ' ');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("{\"ferry_status\":\"success\",\"ferry_error\":[],\"ferry_output\":"
                    .getBytes(StandardCharsets.UTF_8));
            for (long sent = 0; sent < HUGE_BODY_BYTES && closing.getCount() > 0; sent += spaces.length) {
                out.write(spaces);
                hugeBodyBytesSent.addAndGet(spaces.length);
            }
            out.write((userAttributes(account, uids.getOrDefault(account, 1L)) + "}").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the client stopped reading and closed the connection, as it should
        }
    }

    private void log(FerryRequest request) {
        synchronized (requests) {
            requests.add(request);
        }
    }

    // ---------------------------------------------------------------- FERRY's JSON

    /** FERRY's {@code main.userAttributes}; {@code groupaccount} is a string, as FERRY's swagger declares it. */
    private static String userAttributes(String account, Long uid) {
        return "{\"banned\":false,\"expirationdate\":\"2038-01-01T00:00:00Z\",\"fullname\":"
                + quote("Testbed " + account) + ",\"groupaccount\":\"false\",\"status\":true"
                + (uid == null ? "" : ",\"uid\":" + uid)
                + ",\"vopersonid\":"
                + quote(UUID.nameUUIDFromBytes(account.getBytes(StandardCharsets.UTF_8))
                        .toString())
                + "}";
    }

    private static String failure(String... errors) {
        StringBuilder list = new StringBuilder("[");
        for (String e : errors) {
            if (list.length() > 1) list.append(',');
            list.append(quote(e));
        }
        return envelope("failure", list.append(']').toString(), "null");
    }

    private static String envelope(String status, String errorsJson, String outputJson) {
        return "{\"ferry_status\":" + quote(status) + ",\"ferry_error\":" + errorsJson + ",\"ferry_output\":"
                + outputJson + "}";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String queryParameter(String rawQuery, String name) {
        if (rawQuery == null) return null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
