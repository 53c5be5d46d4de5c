package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.TimeoutKey;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.kerberos.TicketRequest;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.DryRunReport.PlannedCommand;
import dev.managedtokens.tokenpush.plan.PlannableStep;
import dev.managedtokens.tokenpush.plan.PlanningContext;
import dev.managedtokens.tokenpush.plan.ResolvedService;
import dev.managedtokens.tokenpush.plan.Stage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code kinit} then {@code klist} into the service's own credential cache; every later step authenticates with it. */
public final class KerberosStep implements Step<KerberosStep.Request> {

    private static final Logger log = LoggerFactory.getLogger(KerberosStep.class);

    public static final Stage STAGE =
            Stage.of("getKerberosTickets", TimeoutKey.KERBEROS, WorkerType.GET_KERBEROS_TICKETS);

    /**
     * The kinit and klist of one service, finished at plan time. Only the credential cache is the run's: it is made
     * when the pipeline starts, in a directory that exists for that run alone.
     *
     * @param account the service's account, for the span
     * @param timeout the configured {@code kerberosTimeout}; the run caps it by the global deadline
     */
    public record Request(
            String service,
            String account,
            Path keytab,
            String principal,
            Map<String, String> environment,
            Duration timeout) {

        public Request {
            environment = Map.copyOf(environment);
        }

        /** The worker's request for this run: the cache made for it, the timeout left before the global deadline. */
        TicketRequest bind(Path cache, Duration cappedTimeout) {
            return new TicketRequest(service, keytab, principal, cache, environment, cappedTimeout);
        }
    }

    /** The ticket, or none when the step was not started. */
    public record Ticket(Optional<TicketResult> ticket, Optional<String> failure) implements StepResult {

        static Ticket of(TicketResult ticket) {
            return new Ticket(Optional.of(ticket), ticket.succeeded() ? Optional.empty() : Optional.of(ticket.error()));
        }

        @Override
        public Stage stage() {
            return STAGE;
        }

        @Override
        public void recordMetrics(ServiceName service, TokenPushMetrics metrics, Instant now) {
            // kinit plus klist: the duration on success, one more failure otherwise.
            ticket.ifPresent(t -> {
                if (t.succeeded()) metrics.kinitDuration(service.name(), t.elapsed());
                else metrics.failedKinit(service.name());
            });
        }

        @Override
        public RunErrors errorsWhenFailed(String key, String reason) {
            return RunErrors.of(new SetupError(
                    key,
                    ticket.filter(TicketResult::timedOut).isPresent()
                            ? "Timeout error"
                            : "Could not obtain and verify kerberos ticket: " + reason));
        }
    }

    private final KerberosTickets kerberos;

    public KerberosStep(KerberosTickets kerberos) {
        this.kerberos = kerberos;
    }

    @Override
    public Optional<Request> plan(PlanningContext context) {
        ResolvedService s = context.service();
        return Optional.of(new Request(
                s.name().name(),
                s.settings().account(),
                s.keytab(),
                s.principal(),
                context.environment(),
                context.timeout(STAGE)));
    }

    @Override
    public Stage stage(Request request) {
        return STAGE;
    }

    @Override
    public PlannableStep.Preview preview(Request request, PlannableStep.Placeholders placeholders) {
        Map<String, String> cache = Map.of("KRB5CCNAME", placeholders.krb5ccname());
        return PlannableStep.Preview.of(List.of(
                PlannedCommand.of(
                        STAGE,
                        KerberosTickets.kinitArgv(request.keytab(), request.principal()),
                        cache,
                        "KRB5CCNAME=" + placeholders.krb5ccname()),
                PlannedCommand.of(
                        STAGE, List.of("klist"), cache, "expects Default principal: " + request.principal())));
    }

    @Override
    public StepResult run(ServiceRun run, Request request) {
        TicketResult kinit;
        try (ActiveSpan span = Spans.start(
                "worker.GetKerberosTicketsWorker_anonFunc",
                Map.of("service", request.service(), "account", request.account()))) {
            kinit = kerberos.obtain(request.bind(run.cache(), run.cap(request.timeout())));
            if (!kinit.succeeded()) span.error(kinit.error());
        }
        if (!kinit.succeeded()) {
            log.error(
                    "Failed to obtain kerberos ticket for {}: {}.  Will not try to obtain or push vault token"
                            + " to service nodes",
                    run.service().name().configName(),
                    kinit.error());
        }
        return Ticket.of(kinit);
    }

    @Override
    public StepResult notRun(Request request, String reason) {
        return new Ticket(Optional.empty(), Optional.of(reason));
    }
}
