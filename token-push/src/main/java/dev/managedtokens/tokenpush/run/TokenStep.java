package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.tokenpush.plan.TokenRequest;
import dev.managedtokens.worker.vault.GetTokenResult;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.StoreResult;
import dev.managedtokens.worker.vault.VaultTokenStorer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The vault token: stored in every credd of the service (one after another, {@code condor_vault_storer}), or got
 * with {@code htgettoken} for getToken services. How many services are in this step at once is bounded by
 * {@code storerConcurrency}.
 */
public final class TokenStep implements Step {

    private static final Logger log = LoggerFactory.getLogger(TokenStep.class);

    /** One storer call per credd tried, in order; the failure names every credd that failed. */
    public record Stored(List<StoreResult> stores, Optional<String> failure) implements StepResult {
        public Stored {
            stores = List.copyOf(stores);
        }

        @Override
        public Stage stage() {
            return Stage.TOKEN;
        }

        @Override
        public void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {
            for (StoreResult store : stores) {
                if (store.succeeded()) {
                    metrics.tokenStored(service.name(), store.request().credd(), now, store.elapsed());
                } else {
                    metrics.failedTokenStore(service.name(), store.request().credd());
                }
            }
        }

        @Override
        public Optional<String> successDetail() {
            return stores.isEmpty()
                    ? Optional.empty()
                    : Optional.of("vault token stored in "
                            + stores.stream().map(r -> r.request().credd()).collect(Collectors.joining(", ")));
        }
    }

    /** The htgettoken call of a getToken service, or none when the step was not started. */
    public record Got(Optional<GetTokenResult> token, Optional<String> failure) implements StepResult {

        @Override
        public Stage stage() {
            return Stage.GET_TOKEN;
        }

        @Override
        public void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {
            token.ifPresent(t -> {
                if (t.succeeded()) metrics.tokenGot(service.name(), now, t.elapsed());
                else metrics.failedTokenGet(service.name());
            });
        }

        @Override
        public Optional<String> successDetail() {
            return Optional.of("vault token obtained");
        }
    }

    private static final String CANCELLED = ServicePipeline.CANCELLED;

    private final VaultTokenStorer storer;
    private final HtgettokenGetter getter;
    private final Semaphore storerSlots;
    private final TokenStepTracker tracker;
    private final RuntimeDirectories runtimeDirs;
    private final GlobalTimeout globalTimeout;

    /**
     * @param storerSlots how many services may be in this step at once
     * @param tracker     told when a service is past this step, so the operator's default token can go
     */
    TokenStep(
            VaultTokenStorer storer,
            HtgettokenGetter getter,
            Semaphore storerSlots,
            TokenStepTracker tracker,
            RuntimeDirectories runtimeDirs,
            GlobalTimeout globalTimeout) {
        this.storer = storer;
        this.getter = getter;
        this.storerSlots = storerSlots;
        this.tracker = tracker;
        this.runtimeDirs = runtimeDirs;
        this.globalTimeout = globalTimeout;
    }

    @Override
    public Stage stage(PlannedService service) {
        return service.requests().token() instanceof TokenRequest.Store ? Stage.TOKEN : Stage.GET_TOKEN;
    }

    @Override
    public boolean planned(PlannedService service) {
        return true;
    }

    @Override
    public StepResult run(ServiceRun run) {
        PlannedService service = run.service();
        try {
            StepResult result = obtain(run);
            result.failure()
                    .ifPresent(f -> log.error(
                            "Failed to obtain vault token for {}: {}.  Will not try to push"
                                    + " vault token to service nodes",
                            service.name().configName(),
                            f));
            return result;
        } finally {
            tracker.done(service.name().configName());
        }
    }

    private StepResult obtain(ServiceRun run) {
        PlannedService service = run.service();
        if (!acquireStorerSlot(run)) {
            return notRun(service, globalTimeout.before(Stage.TOKEN));
        }
        try {
            return switch (service.requests().token()) {
                case TokenRequest.Get get -> get(run, get);
                case TokenRequest.Store store -> store(run, store);
            };
        } finally {
            storerSlots.release();
        }
    }

    private StepResult get(ServiceRun run, TokenRequest.Get planned) {
        PlannedService service = run.service();
        GetTokenResult r;
        try (ActiveSpan span = Spans.start(
                "worker.StoreAndGetTokensForSchedd",
                Map.of(
                        "service",
                        service.name().name(),
                        "tokenRootPath",
                        planned.request().tokenRoot().toString()))) {
            r = getter.get(
                    planned.bind(run.krb5ccname(), run.cap(planned.request().timeout())));
            if (!r.succeeded()) span.error(r.failure().message());
        }
        return new Got(
                Optional.of(r),
                r.succeeded()
                        ? Optional.empty()
                        : Optional.of(
                                "could not get vault token: " + r.failure().message()));
    }

    private StepResult store(ServiceRun run, TokenRequest.Store planned) {
        PlannedService service = run.service();
        List<StoreResult> stores = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Path runtimeDir;
        try {
            runtimeDir = runtimeDirs.forService(service.name().name());
        } catch (java.io.UncheckedIOException e) {
            return new Stored(stores, Optional.of(e.getMessage()));
        }
        for (StoreRequest call : planned.credds()) {
            String credd = call.credd();
            if (ServiceRun.cancelled()) {
                problems.add(credd + ": " + CANCELLED);
                continue;
            }
            if (run.deadline().expired()) {
                problems.add(credd + ": " + globalTimeout.before(Stage.TOKEN));
                continue;
            }
            MDC.put("credd", credd);
            StoreResult r;
            try (ActiveSpan span = Spans.start(
                    "worker.StoreAndGetTokensForSchedd",
                    Map.of(
                            "service",
                            service.name().name(),
                            "credd",
                            credd,
                            "tokenRootPath",
                            call.tokenRoot().toString()))) {
                r = storer.store(TokenRequest.Store.bind(call, run.krb5ccname(), runtimeDir, run.cap(call.timeout())));
                if (!r.succeeded()) span.error(r.failure().message());
            }
            MDC.remove("credd");
            stores.add(r);
            if (!r.succeeded()) {
                problems.add(credd + ": " + r.failure().message());
            }
        }
        return new Stored(
                stores,
                problems.isEmpty()
                        ? Optional.empty()
                        : Optional.of("Could not store and get vault tokens; " + String.join("; ", problems)));
    }

    private boolean acquireStorerSlot(ServiceRun run) {
        try {
            return storerSlots.tryAcquire(run.deadline().remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public StepResult notRun(PlannedService service, String reason) {
        return service.requests().token() instanceof TokenRequest.Store
                ? new Stored(List.of(), Optional.of(reason))
                : new Got(Optional.empty(), Optional.of(reason));
    }

    @Override
    public void serviceDone(PlannedService service) {
        tracker.done(service.name().configName());
    }
}
