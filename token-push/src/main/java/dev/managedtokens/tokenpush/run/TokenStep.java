package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.tokenpush.plan.DryRunReport.PlannedCommand;
import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.PlanningContext;
import dev.managedtokens.tokenpush.plan.ResolvedService;
import dev.managedtokens.tokenpush.plan.ServicePlanner;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.GetTokenResult;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.StoreResult;
import dev.managedtokens.worker.vault.VaultTokenCleanup;
import dev.managedtokens.worker.vault.VaultTokenStorer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
public final class TokenStep implements Step<TokenStep.Request> {

    private static final Logger log = LoggerFactory.getLogger(TokenStep.class);

    /** condor_vault_storer in every credd. */
    public static final Stage STORE =
            Stage.of("storeAndGetTokens", TimeoutKey.VAULT_STORER, WorkerType.STORE_AND_GET_TOKEN);

    /** htgettoken alone, for getToken services. */
    public static final Stage GET = Stage.of("getTokens", TimeoutKey.VAULT_STORER, WorkerType.GET_TOKEN);

    /**
     * How a service gets its vault token, finished at plan time: one storer call per credd, in the collector's
     * order, or one htgettoken call. The planned requests carry no {@code KRB5CCNAME} and no runtime directory; the
     * run binds the ones it made.
     */
    public sealed interface Request {

        /** {@code condor_vault_storer} in every credd, one after another. */
        record Store(List<StoreRequest> credds) implements Request {
            public Store {
                credds = List.copyOf(credds);
            }

            /** A planned storer call with the run's credential cache, runtime directory and capped timeout. */
            static StoreRequest bind(StoreRequest planned, String krb5ccname, Path runtimeDir, Duration timeout) {
                return new StoreRequest(
                        planned.service(),
                        planned.credd(),
                        planned.collector(),
                        planned.vaultServer(),
                        krb5ccname,
                        planned.htgettokenOpts(),
                        planned.tokenRoot(),
                        planned.tmpRoot(),
                        planned.runUid(),
                        runtimeDir,
                        planned.baseEnvironment(),
                        timeout,
                        planned.interactive(),
                        planned.verbose());
            }
        }

        /** {@code htgettoken} alone, for getToken services. */
        record Get(GetTokenRequest request) implements Request {

            /** The planned call with the run's credential cache and capped timeout. */
            GetTokenRequest bind(String krb5ccname, Duration timeout) {
                GetTokenRequest p = request;
                return new GetTokenRequest(
                        p.service(),
                        p.issuer(),
                        p.role(),
                        p.vaultServer(),
                        krb5ccname,
                        p.htgettokenOpts(),
                        p.tokenRoot(),
                        p.tmpDir(),
                        p.runUid(),
                        p.baseEnvironment(),
                        timeout,
                        p.interactive(),
                        p.verbose());
            }
        }
    }

    /** One storer call per credd tried, in order; the failure names every credd that failed. */
    public record Stored(List<StoreResult> stores, Optional<String> failure) implements StepResult {
        public Stored {
            stores = List.copyOf(stores);
        }

        @Override
        public Stage stage() {
            return STORE;
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
            return GET;
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
    private final RuntimeDirectories runtimeDirs;
    private final GlobalTimeout globalTimeout;
    private final int runUid;
    private volatile TokenStepTracker tracker;

    /**
     * @param storerConcurrency how many services may be in this step at once
     * @param runUid            the UID running token-push, whose default vault token the storer leaves behind
     */
    TokenStep(
            VaultTokenStorer storer,
            HtgettokenGetter getter,
            int storerConcurrency,
            RuntimeDirectories runtimeDirs,
            GlobalTimeout globalTimeout,
            int runUid) {
        this.storer = storer;
        this.getter = getter;
        this.storerSlots = new Semaphore(storerConcurrency, true);
        this.runtimeDirs = runtimeDirs;
        this.globalTimeout = globalTimeout;
        this.runUid = runUid;
    }

    @Override
    public Optional<Request> plan(PlanningContext context) {
        ResolvedService p = context.service();
        ServiceSettings s = p.settings();
        String svc = p.name().name();
        Path tokenRoot = Path.of(s.tokenRoot());
        Duration timeout = context.mode().tokenStepTimeout(context.timeout(p.storesInCredds() ? STORE : GET));
        if (!p.storesInCredds()) {
            return Optional.of(new Request.Get(new GetTokenRequest(
                    svc,
                    p.name().realExperiment(),
                    p.name().role(),
                    p.vaultServer(),
                    null,
                    s.htgettokenOpts(),
                    tokenRoot,
                    context.tmpRoot(),
                    context.runUid(),
                    context.environment(),
                    timeout,
                    context.mode().onboarding(),
                    context.mode().verbose())));
        }
        List<StoreRequest> stores = new ArrayList<>();
        for (String credd : p.credds()) {
            stores.add(new StoreRequest(
                    svc,
                    credd,
                    p.collector(),
                    p.vaultServer(),
                    null,
                    s.htgettokenOpts(),
                    tokenRoot,
                    ServicePlanner.CONDOR_TMP,
                    context.runUid(),
                    null,
                    context.environment(),
                    timeout,
                    context.mode().onboarding(),
                    context.mode().verbose()));
        }
        return Optional.of(new Request.Store(stores));
    }

    @Override
    public Stage stage(Request request) {
        return request instanceof Request.Store ? STORE : GET;
    }

    /** The storer or htgettoken calls as they run, and the local token files they leave. */
    @Override
    public PlannableStep.Preview preview(Request request, PlannableStep.Placeholders placeholders) {
        String krb5ccname = placeholders.krb5ccname();
        List<PlannedCommand> commands = new ArrayList<>();
        List<String> local = new ArrayList<>();
        switch (request) {
            case Request.Store store -> {
                for (StoreRequest planned : store.credds()) {
                    StoreRequest call =
                            Request.Store.bind(planned, krb5ccname, placeholders.runtimeDir(), planned.timeout());
                    commands.add(PlannedCommand.of(
                            STORE,
                            VaultTokenStorer.argv(call),
                            PlannedCommand.setBy(
                                    VaultTokenStorer.environment(call, placeholders.runtimeDir()),
                                    call.baseEnvironment())));
                    local.add(planned.storedToken().toString());
                }
            }
            case Request.Get get -> {
                GetTokenRequest call = get.bind(krb5ccname, get.request().timeout());
                commands.add(PlannedCommand.of(
                        GET,
                        HtgettokenGetter.argv(
                                call,
                                call.storedToken(),
                                call.tmpDir().resolve("managed_tokens_bearer_token_<random>")),
                        PlannedCommand.setBy(HtgettokenGetter.environment(call), call.baseEnvironment())));
                local.add(get.request().storedToken().toString());
            }
        }
        return new PlannableStep.Preview(commands, local, List.of());
    }

    /** The storer leaves the operator's own default token; it may go once no service can still be storing. */
    @Override
    public void runStarting(List<PlannedService> ready) {
        Set<String> names = new HashSet<>();
        ready.forEach(s -> names.add(s.name().configName()));
        tracker = new TokenStepTracker(names, () -> VaultTokenCleanup.removeDefaultToken(runUid));
    }

    @Override
    public StepResult run(ServiceRun run, Request request) {
        PlannedService service = run.service();
        try {
            StepResult result = obtain(run, request);
            result.failure()
                    .ifPresent(f -> log.error(
                            "Failed to obtain vault token for {}: {}.  Will not try to push"
                                    + " vault token to service nodes",
                            service.name().configName(),
                            f));
            return result;
        } finally {
            passed(service);
        }
    }

    private StepResult obtain(ServiceRun run, Request request) {
        if (!acquireStorerSlot(run)) {
            return notRun(request, globalTimeout.before(stage(request)));
        }
        try {
            return switch (request) {
                case Request.Get get -> get(run, get);
                case Request.Store store -> store(run, store);
            };
        } finally {
            storerSlots.release();
        }
    }

    private StepResult get(ServiceRun run, Request.Get planned) {
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

    private StepResult store(ServiceRun run, Request.Store planned) {
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
                problems.add(credd + ": " + globalTimeout.before(STORE));
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
                r = storer.store(Request.Store.bind(call, run.krb5ccname(), runtimeDir, run.cap(call.timeout())));
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
    public StepResult notRun(Request request, String reason) {
        return request instanceof Request.Store
                ? new Stored(List.of(), Optional.of(reason))
                : new Got(Optional.empty(), Optional.of(reason));
    }

    @Override
    public void serviceDone(PlannedService service) {
        passed(service);
    }

    private void passed(PlannedService service) {
        TokenStepTracker t = tracker;
        if (t != null) t.done(service.name().configName());
    }
}
