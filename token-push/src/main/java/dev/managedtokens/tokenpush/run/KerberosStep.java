package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.core.tracing.ActiveSpan;
import dev.managedtokens.core.tracing.Spans;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.notify.RunErrors;
import dev.managedtokens.notify.SetupError;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code kinit} then {@code klist} into the service's own credential cache; every later step authenticates with it. */
final class KerberosStep implements Step {

    private static final Logger log = LoggerFactory.getLogger(KerberosStep.class);

    /** The ticket, or none when the step was not started. */
    public record Ticket(Optional<TicketResult> ticket, Optional<String> failure) implements StepResult {

        static Ticket of(TicketResult ticket) {
            return new Ticket(Optional.of(ticket), ticket.succeeded() ? Optional.empty() : Optional.of(ticket.error()));
        }

        @Override
        public Stage stage() {
            return Stage.KERBEROS;
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
    public Stage stage(PlannedService service) {
        return Stage.KERBEROS;
    }

    @Override
    public boolean planned(PlannedService service) {
        return true;
    }

    @Override
    public StepResult run(ServiceRun run) {
        PlannedService service = run.service();
        var request = service.requests().kerberos();
        TicketResult kinit;
        try (ActiveSpan span = Spans.start(
                "worker.GetKerberosTicketsWorker_anonFunc",
                Map.of("service", service.name().name(), "account", request.account()))) {
            kinit = kerberos.obtain(request.bind(run.cache(), run.cap(request.timeout())));
            if (!kinit.succeeded()) span.error(kinit.error());
        }
        if (!kinit.succeeded()) {
            log.error(
                    "Failed to obtain kerberos ticket for {}: {}.  Will not try to obtain or push vault token"
                            + " to service nodes",
                    service.name().configName(),
                    kinit.error());
        }
        return Ticket.of(kinit);
    }

    @Override
    public StepResult notRun(PlannedService service, String reason) {
        return new Ticket(Optional.empty(), Optional.of(reason));
    }
}
