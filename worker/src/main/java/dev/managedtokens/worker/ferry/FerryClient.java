package dev.managedtokens.worker.ferry;

import dev.managedtokens.worker.Deadline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks FERRY for the UID of every account: one {@code getUserInfo} request per distinct account, each with its own
 * timeout, concurrently on virtual threads over one HTTP client (so TLS connections are reused). The first account
 * is asked alone: if FERRY cannot be reached or refuses the TLS handshake, no other request is sent, and the run
 * reports one clear reason instead of hundreds of identical ones.
 */
public final class FerryClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FerryClient.class);

    /** How many requests may be in flight at once; the Go service had no bound, which FERRY felt on large configs. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 32;

    /**
     * 1 MiB per answer: FERRY's getUserInfo answer is a few hundred bytes, and with up to
     * {@link #DEFAULT_MAX_CONCURRENT_REQUESTS} in flight this bounds what answers can hold at once to 32 MiB.
     */
    public static final long MAX_RESPONSE_BYTES = 1 << 20;

    private final FerryEndpoint endpoint;
    private final FerryConnection connection;
    private final Duration requestTimeout;
    private final int maxConcurrent;
    private final HttpClient http;
    private final AtomicInteger requestsSent = new AtomicInteger();

    /**
     * @param requestTimeout {@code timeouts.ferryRequestTimeout}: connection, TLS, headers and body of one request
     * @param maxConcurrent  requests in flight at once (at least 1)
     */
    public FerryClient(FerryEndpoint endpoint, FerryConnection connection, Duration requestTimeout, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        this.endpoint = endpoint;
        this.connection = connection;
        this.requestTimeout = requestTimeout;
        this.maxConcurrent = maxConcurrent;
        // HTTP/1.1 and no proxy, as the Go service's transport; redirects followed (except https -> http).
        this.http = HttpClient.newBuilder()
                .sslContext(connection.sslContext())
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(requestTimeout)
                .build();
    }

    /**
     * Looks up every distinct account (blank names are skipped by the caller, not here) before {@code runDeadline}.
     * Never throws for FERRY's behaviour: every problem is in the account's {@link UidLookup}.
     */
    public FerryLookups lookUp(Collection<String> accounts, Deadline runDeadline) {
        List<String> distinct = new ArrayList<>(new TreeSet<>(accounts));
        if (distinct.isEmpty()) {
            return new FerryLookups(List.of(), Optional.empty(), 0);
        }
        int sentBefore = requestsSent.get();
        UidLookup first = lookUpOne(distinct.get(0), runDeadline, true);
        List<UidLookup> results = new ArrayList<>(List.of(first));
        List<String> rest = distinct.subList(1, distinct.size());
        if (!first.succeeded() && first.failure().kind().connectionLevel()) {
            FerryFailure reason = first.failure();
            log.error("FERRY at {} cannot be reached, so no other account is asked: {}", endpoint, reason.message());
            for (String account : rest) {
                results.add(UidLookup.failed(
                        FerryFailure.of(
                                FerryFailureKind.NOT_ATTEMPTED,
                                account,
                                "not asked: FERRY at " + endpoint + " could not be reached (see account "
                                        + reason.account() + ")"),
                        Duration.ZERO));
            }
            return new FerryLookups(results, Optional.of(reason), requestsSent.get() - sentBefore);
        }
        results.addAll(concurrently(rest, runDeadline));
        results.sort(Comparator.comparing(UidLookup::account));
        return new FerryLookups(results, Optional.empty(), requestsSent.get() - sentBefore);
    }

    private List<UidLookup> concurrently(List<String> accounts, Deadline runDeadline) {
        Semaphore inFlight = new Semaphore(maxConcurrent);
        List<Future<UidLookup>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String account : accounts) {
                futures.add(threads.submit(() -> {
                    if (!inFlight.tryAcquire(runDeadline.remaining().toNanos(), TimeUnit.NANOSECONDS)) {
                        return UidLookup.failed(
                                FerryFailure.of(
                                        FerryFailureKind.TIMEOUT,
                                        account,
                                        "the run's global timeout passed before account " + account + " could be asked"
                                                + "; raise timeouts.globalTimeout"),
                                Duration.ZERO);
                    }
                    try {
                        return lookUpOne(account, runDeadline, false);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            List<UidLookup> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(join(futures.get(i), accounts.get(i)));
            }
            return results;
        }
    }

    private static UidLookup join(Future<UidLookup> future, String account) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UidLookup.failed(
                    FerryFailure.of(
                            FerryFailureKind.CANCELLED,
                            account,
                            "interrupted while asking FERRY about account " + account),
                    Duration.ZERO);
        } catch (ExecutionException e) {
            // lookUpOne catches everything it expects; anything else is a bug, reported on the account.
            log.error("unexpected failure looking up account {}", account, e.getCause());
            return UidLookup.failed(
                    FerryFailure.of(
                            FerryFailureKind.TRANSPORT,
                            account,
                            "unexpected error asking FERRY about account " + account + ": " + e.getCause()),
                    Duration.ZERO);
        }
    }

    /**
     * One {@code getUserInfo} request, bounded by the request timeout and by what is left of the run. {@code first}:
     * the client's first request, on a connection of its own.
     */
    UidLookup lookUpOne(String account, Deadline runDeadline, boolean first) {
        Duration timeout = min(requestTimeout, runDeadline.remaining());
        if (timeout.isZero()) {
            return UidLookup.failed(
                    FerryFailure.of(
                            FerryFailureKind.TIMEOUT,
                            account,
                            "the run's global timeout passed before account " + account + " could be asked; raise"
                                    + " timeouts.globalTimeout"),
                    Duration.ZERO);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.userInfo(account))
                .GET()
                .timeout(timeout)
                .header("Accept", "application/json");
        connection.bearer().ifPresent(b -> request.header("Authorization", b.authorizationHeader()));
        long start = System.nanoTime();
        requestsSent.incrementAndGet();
        CompletableFuture<HttpResponse<String>> pending =
                http.sendAsync(request.build(), LimitedBody.handler(MAX_RESPONSE_BYTES));
        try {
            // The request timeout stops at the headers; this bounds the body too.
            HttpResponse<String> response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            UserInfoResponse.Result parsed = UserInfoResponse.parse(account, response.statusCode(), response.body());
            if (parsed.failure() != null) {
                log.debug(
                        "FERRY lookup of {} failed: {}",
                        account,
                        parsed.failure().message());
                return UidLookup.failed(parsed.failure(), elapsed);
            }
            log.debug("FERRY: account {} has UID {} ({} ms)", account, parsed.uid(), elapsed.toMillis());
            return UidLookup.found(account, parsed.uid(), elapsed);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return UidLookup.failed(timedOut(account, timeout), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return UidLookup.failed(
                    FerryFailure.of(
                            FerryFailureKind.CANCELLED,
                            account,
                            "interrupted while asking FERRY about account " + account),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (ExecutionException e) {
            FerryFailure failure = classify(account, e.getCause(), timeout, first);
            log.debug("FERRY lookup of {} failed: {}", account, failure.message(), e.getCause());
            return UidLookup.failed(failure, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private FerryFailure timedOut(String account, Duration timeout) {
        return FerryFailure.of(
                FerryFailureKind.TIMEOUT,
                account,
                "FERRY at " + endpoint + " did not answer for"
                        + " account " + account + " within " + seconds(timeout)
                        + "; raise timeouts.ferryRequestTimeout if"
                        + " FERRY is just slow");
    }

    /** Names the failure for an operator: where it failed and what to check. */
    FerryFailure classify(String account, Throwable error, Duration timeout, boolean first) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof LimitedBody.TooLarge tooLarge) {
                return FerryFailure.of(
                        FerryFailureKind.TOO_LARGE,
                        account,
                        "FERRY's answer for account " + account
                                + " (" + endpoint.userInfo(account) + ") was not read: " + tooLarge.getMessage() + " ("
                                + (tooLarge.limit() >> 20)
                                + " MiB); check that ferry.host and ferry.port point at FERRY");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return FerryFailure.of(
                        FerryFailureKind.UNREACHABLE,
                        account,
                        "could not connect to FERRY at " + endpoint + " within " + seconds(timeout)
                                + "; check ferry.host, ferry.port and the network");
            }
            if (t instanceof HttpTimeoutException) {
                return timedOut(account, timeout);
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return FerryFailure.of(
                        FerryFailureKind.UNREACHABLE,
                        account,
                        "FERRY host " + endpoint + " cannot be resolved; check ferry.host");
            }
            if (t instanceof ConnectException) {
                String why = t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
                return FerryFailure.of(
                        FerryFailureKind.UNREACHABLE,
                        account,
                        "cannot connect to FERRY at " + endpoint + " (" + why
                                + "); check ferry.host, ferry.port and that FERRY is up");
            }
            if (t instanceof SSLException) {
                return tlsFailure(account, t);
            }
        }
        if (error instanceof IOException && first && connection.bearer().isEmpty()) {
            // Under TLS 1.3 the server checks our certificate after our side of the handshake is done; when it
            // refuses it, its alert can be lost as it closes, and all we see is a connection closed unanswered.
            return FerryFailure.of(
                    FerryFailureKind.TLS,
                    account,
                    "FERRY at " + endpoint + " closed the connection"
                            + " right after the TLS handshake without answering (" + describe(error)
                            + "), as a TLS 1.3 server"
                            + " does when it did not accept our " + connection.description()
                            + "; check that ferry.hostCert"
                            + " is issued by a CA FERRY trusts and is registered with FERRY");
        }
        if (error instanceof IOException) {
            return FerryFailure.of(
                    FerryFailureKind.TRANSPORT,
                    account,
                    "the connection to FERRY at " + endpoint + " broke while asking about account " + account + " ("
                            + describe(error) + ")");
        }
        return FerryFailure.of(
                FerryFailureKind.TRANSPORT,
                account,
                "asking FERRY at " + endpoint + " about account " + account + " failed: " + describe(error));
    }

    private FerryFailure tlsFailure(String account, Throwable t) {
        String text = String.valueOf(t.getMessage());
        String why;
        if (text.contains("PKIX path")
                || text.contains("unable to find valid certification path")
                || text.contains("certificate_unknown") && connection.bearer().isPresent()) {
            why = "FERRY's server certificate is not issued by a CA in ferry.caPath; put FERRY's CA there as a"
                    + " *.pem file";
        } else if (text.contains("No subject alternative") || text.contains("No name matching")) {
            why = "FERRY's server certificate does not name the host in ferry.host; use the host name the"
                    + " certificate is issued for";
        } else if (text.matches("(?s).*Received fatal alert: (bad_certificate|certificate_unknown|unknown_ca"
                + "|certificate_required|access_denied|certificate_expired|certificate_revoked"
                + "|unsupported_certificate|handshake_failure).*")) {
            why = "FERRY did not accept our " + connection.description() + "; check that ferry.hostCert is issued"
                    + " by a CA FERRY trusts and is registered with FERRY";
        } else {
            why = "check ferry.caPath, ferry.hostCert and ferry.hostKey";
        }
        return FerryFailure.of(
                FerryFailureKind.TLS,
                account,
                "TLS handshake with FERRY at " + endpoint + " failed (" + text + "): " + why);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) <= 0 ? a : b;
        return m.isNegative() ? Duration.ZERO : m;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() / 1000.0 + "s";
    }

    public FerryEndpoint endpoint() {
        return endpoint;
    }

    /** Requests started by this client so far. */
    public int requestsSent() {
        return requestsSent.get();
    }

    /** Aborts whatever is still in flight (a cancelled slow request must not hold the run open). */
    @Override
    public void close() {
        http.shutdownNow();
    }
}
