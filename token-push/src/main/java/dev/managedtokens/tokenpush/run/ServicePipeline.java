package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.config.RetryPolicy;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.kerberos.TicketRequest;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.ping.PingRequest;
import dev.managedtokens.worker.ping.PingResult;
import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.ServicePushRequest;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.GetTokenResult;
import dev.managedtokens.worker.vault.SourceTokenFinder;
import dev.managedtokens.worker.vault.SourceTokenResult;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.StoreResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One service's way through a run: kerberos, then the vault token (stored in every credd, one after another, or
 * got with htgettoken), then ping, then push. Runs on its own virtual thread; nothing here waits for another
 * service except the storer slots.
 */
final class ServicePipeline {

    private static final Logger log = LoggerFactory.getLogger(ServicePipeline.class);

    /** Where condor_vault_storer keeps its working token: the real script hard-codes /tmp. */
    static final Path CONDOR_TMP = Path.of("/tmp");

    private final Config config;
    private final RunMode mode;
    private final PipelineTools tools;
    private final CredentialCaches caches;
    private final Semaphore storerSlots;
    private final TokenStepTracker tokenSteps;
    private final StageTimes stages;
    private final Deadline runDeadline;
    private final Map<String, String> environment;
    private final Path tmpRoot;
    private final int runUid;
    private final Clock clock;
    private final RuntimeDirectories runtimeDirs;

    ServicePipeline(Config config, RunMode mode, PipelineTools tools, CredentialCaches caches, Semaphore storerSlots,
                    TokenStepTracker tokenSteps, StageTimes stages, Deadline runDeadline,
                    Map<String, String> environment, Path tmpRoot, int runUid, Clock clock,
                    RuntimeDirectories runtimeDirs) {
        this.runtimeDirs = runtimeDirs;
        this.config = config;
        this.mode = mode;
        this.tools = tools;
        this.caches = caches;
        this.storerSlots = storerSlots;
        this.tokenSteps = tokenSteps;
        this.stages = stages;
        this.runDeadline = runDeadline;
        this.environment = environment;
        this.tmpRoot = tmpRoot;
        this.runUid = runUid;
        this.clock = clock;
    }

    ServiceOutcome run(PlannedService service) {
        MDC.put("service", service.name().configName());
        long start = System.nanoTime();
        Progress p = new Progress(service);
        try (ActiveSpan span = Spans.start("token-push", "serviceConfig",
                Map.of("service", service.name().name(), "configName", service.name().configName()))) {
            ServiceOutcome outcome = p.run();
            if (outcome.succeeded()) span.ok();
            else span.error(outcome.reason());
            return outcome;
        } finally {
            tokenSteps.done(service.name().configName());
            MDC.remove("service");
            log.debug("pipeline of {} ended after {} ms", service.name().configName(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
    }

    /** The state of one service's run; a new one per run, confined to its thread. */
    private final class Progress {
        private final PlannedService service;
        private final ServiceSettings settings;
        private final long start = System.nanoTime();
        private final List<StoreResult> stores = new ArrayList<>();
        private Optional<TicketResult> ticket = Optional.empty();
        private Optional<GetTokenResult> token = Optional.empty();
        private Optional<PingResult> ping = Optional.empty();
        private Optional<ServicePushResult> push = Optional.empty();

        Progress(PlannedService service) {
            this.service = service;
            this.settings = service.settings();
        }

        ServiceOutcome run() {
            // 1. Kerberos ticket
            if (cancelled()) return failed(Step.KERBEROS, CANCELLED);
            if (runDeadline.expired()) return failed(Step.KERBEROS, globalTimeoutBefore(Step.KERBEROS));
            Path cache = caches.newCacheFor(service.name().name());
            String krb5ccname = "FILE:" + cache;
            Instant t0 = clock.instant();
            TicketResult kinit;
            try (ActiveSpan span = Spans.start("worker.GetKerberosTicketsWorker_anonFunc",
                    Map.of("service", service.name().name(), "account", settings.account()))) {
                kinit = tools.kerberos().obtain(new TicketRequest(service.name().name(), service.keytab(),
                        service.principal(), cache, environment, cap(config.timeouts().kerberos())));
                if (!kinit.succeeded()) span.error(kinit.error());
            }
            stages.record(Step.KERBEROS, t0, clock.instant());
            ticket = Optional.of(kinit);
            if (!kinit.succeeded()) {
                log.error("Failed to obtain kerberos ticket for {}: {}.  Will not try to obtain or push vault token"
                        + " to service nodes", service.name().configName(), kinit.error());
                return failed(Step.KERBEROS, kinit.error());
            }

            // 2. Vault token
            Optional<String> tokenFailure = obtainToken(krb5ccname);
            tokenSteps.done(service.name().configName());
            if (tokenFailure.isPresent()) {
                log.error("Failed to obtain vault token for {}: {}.  Will not try to push vault token to service"
                        + " nodes", service.name().configName(), tokenFailure.get());
                return failed(service.storesInCredds() ? Step.TOKEN : Step.GET_TOKEN, tokenFailure.get());
            }
            if (mode.stopsAfterTokens()) {
                log.info("{} mode: vault token stored for {}; not pinging or pushing",
                        mode.test() ? "Test" : "Onboarding", service.name().configName());
                return succeeded();
            }

            // 3. Ping: a failure is reported, and the push is still tried (as upstream).
            if (cancelled()) return failed(Step.PING, CANCELLED);
            if (runDeadline.expired()) return failed(Step.PING, globalTimeoutBefore(Step.PING));
            t0 = clock.instant();
            PingResult pinged;
            try (ActiveSpan span = Spans.start("worker.PingAggregatorWorker_anonFunc",
                    Map.of("service", service.name().name()))) {
                Instant pingStart = clock.instant();
                pinged = tools.pinger().ping(new PingRequest(service.name().name(), settings.destinationNodes(),
                        OptionMerger.pingOptions(settings.pingOptions()), environment, cap(config.timeouts().ping())));
                NodeSpans.pings(service.name().name(), pingStart, pinged);
                if (!pinged.succeeded()) span.error("Could not ping the following nodes: "
                        + String.join(", ", pinged.unpingableNodes()));
            }
            stages.record(Step.PING, t0, clock.instant());
            ping = Optional.of(pinged);
            if (!pinged.succeeded()) {
                log.warn("Could not ping all nodes for {} ({}).  We'll still try to push tokens to all configured"
                        + " nodes, but there may be failures", service.name().configName(),
                        String.join(", ", pinged.unpingableNodes()));
            }

            // 4. Push
            if (cancelled()) return failed(Step.PUSH, CANCELLED);
            if (runDeadline.expired()) return failed(Step.PUSH, globalTimeoutBefore(Step.PUSH));
            SourceTokenResult source = SourceTokenFinder.find(tokenRoot(), tmpRoot, runUid, service.name().name(),
                    service.storesInCredds() ? service.credds() : null);
            if (!source.succeeded()) {
                return failed(Step.PUSH, "could not find suitable vault token to push: " + source.failure().message());
            }
            RetryPolicy retry = config.retries().of(WorkerType.PUSH_TOKENS);
            PushOptions options = new PushOptions("rsync", "ssh", OptionMerger.sshOptions(settings.sshOptions()),
                    settings.fileCopierOptions(), krb5ccname, environment, cap(config.timeouts().push()),
                    retry.numRetries(), retry.retrySleep());
            t0 = clock.instant();
            ServicePushResult pushed;
            try (ActiveSpan span = Spans.start("worker.PushTokensWorker.serviceConfig",
                    Map.of("service", service.name().name()))) {
                Instant pushStart = clock.instant();
                pushed = tools.push().push(new ServicePushRequest(service.name().name(),
                        (int) service.uid(), settings.account(), settings.destinationNodes(), source.token(),
                        service.name().role(), service.roleFileDestination().orElse(null), tmpRoot,
                        new HashSet<>(pinged.unpingableNodes()), options));
                NodeSpans.pushes(service.name().name(), pushStart, pushed);
                if (!pushed.succeeded()) span.error("could not push vault tokens to "
                        + String.join(", ", pushed.failedNodes()));
            }
            stages.record(Step.PUSH, t0, clock.instant());
            push = Optional.of(pushed);
            if (!pushed.succeeded()) {
                return failed(Step.PUSH, "could not push vault tokens to " + String.join(", ", pushed.failedNodes()));
            }
            log.info("Successful nodes for {}: {}", service.name().configName(),
                    String.join(", ", pushed.succeededNodes()));
            return succeeded();
        }

        /** Stores the token in every credd (one after another) or gets it with htgettoken; the failure, if any. */
        private Optional<String> obtainToken(String krb5ccname) {
            if (!acquireStorerSlot()) {
                return Optional.of(globalTimeoutBefore(Step.TOKEN));
            }
            Instant t0 = clock.instant();
            try {
                if (!service.storesInCredds()) {
                    GetTokenResult r;
                    try (ActiveSpan span = Spans.start("worker.StoreAndGetTokensForSchedd",
                            Map.of("service", service.name().name(), "tokenRootPath", settings.tokenRoot()))) {
                        r = tools.getter().get(new GetTokenRequest(service.name().name(),
                                service.name().realExperiment(), service.name().role(), service.vaultServer(),
                                krb5ccname, settings.htgettokenOpts(), tokenRoot(), tmpRoot, runUid, environment,
                                cap(mode.tokenStepTimeout(config.timeouts().vaultStorer())), mode.onboarding(), mode.verbose()));
                        if (!r.succeeded()) span.error(r.failure().message());
                    }
                    token = Optional.of(r);
                    return r.succeeded() ? Optional.empty()
                            : Optional.of("could not get vault token: " + r.failure().message());
                }
                List<String> problems = new ArrayList<>();
                Path runtimeDir;
                try {
                    runtimeDir = runtimeDirs.forService(service.name().name());
                } catch (java.io.UncheckedIOException e) {
                    return Optional.of(e.getMessage());
                }
                for (String credd : service.credds()) {
                    if (cancelled()) {
                        problems.add(credd + ": " + CANCELLED);
                        continue;
                    }
                    if (runDeadline.expired()) {
                        problems.add(credd + ": " + globalTimeoutBefore(Step.TOKEN));
                        continue;
                    }
                    MDC.put("credd", credd);
                    StoreResult r;
                    try (ActiveSpan span = Spans.start("worker.StoreAndGetTokensForSchedd",
                            Map.of("service", service.name().name(), "credd", credd,
                                    "tokenRootPath", settings.tokenRoot()))) {
                        r = tools.storer().store(new StoreRequest(service.name().name(), credd,
                                service.collector(), service.vaultServer(), krb5ccname, settings.htgettokenOpts(),
                                tokenRoot(), CONDOR_TMP, runUid, runtimeDir, environment,
                                cap(mode.tokenStepTimeout(config.timeouts().vaultStorer())), mode.onboarding(), mode.verbose()));
                        if (!r.succeeded()) span.error(r.failure().message());
                    }
                    MDC.remove("credd");
                    stores.add(r);
                    if (!r.succeeded()) {
                        problems.add(credd + ": " + r.failure().message());
                    }
                }
                return problems.isEmpty() ? Optional.empty()
                        : Optional.of("Could not store and get vault tokens; " + String.join("; ", problems));
            } finally {
                storerSlots.release();
                stages.record(service.storesInCredds() ? Step.TOKEN : Step.GET_TOKEN, t0, clock.instant());
            }
        }

        private boolean acquireStorerSlot() {
            try {
                return storerSlots.tryAcquire(runDeadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private Path tokenRoot() {
            return Path.of(settings.tokenRoot());
        }

        private ServiceOutcome succeeded() {
            return new ServiceOutcome(service.name(), Optional.empty(), "", ticket, stores, token, ping, push,
                    elapsed());
        }

        private ServiceOutcome failed(Step step, String reason) {
            return new ServiceOutcome(service.name(), Optional.of(step), reason, ticket, stores, token, ping, push,
                    elapsed());
        }

        private Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }
    }

    /** A step's own timeout, never past the run's global deadline. */
    private Duration cap(Duration stepTimeout) {
        Duration left = runDeadline.remaining();
        return left.compareTo(stepTimeout) < 0 ? left : stepTimeout;
    }

    /**
     * The run was interrupted (Ctrl-C or SIGTERM, see ShutdownCancellation): no new program is started, so that what
     * is under way can be unwound and nothing is left half done.
     */
    private static boolean cancelled() {
        return Thread.currentThread().isInterrupted();
    }

    private static final String CANCELLED = "cancelled: the run was interrupted before this step";

    private String globalTimeoutBefore(Step step) {
        return "global timeout (" + config.timeouts().global().toSeconds() + "s) reached before "
                + step.stageLabel() + "; raise timeouts.globalTimeout or check the slower steps";
    }
}
