package dev.managedtokens.tokenpush.report;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.metrics.TokenPushMetrics;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.tokenpush.run.RunReport;
import dev.managedtokens.tokenpush.run.ServiceOutcome;
import dev.managedtokens.worker.ping.NodePingResult;
import dev.managedtokens.worker.push.FilePushResult;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.vault.GetTokenResult;
import dev.managedtokens.worker.vault.StoreResult;
import java.time.Instant;

/**
 * Records what a finished token-push run sets in the Go service's metrics (spec §5.1), from its {@link RunReport}.
 * Worker metrics are labelled with the service name {@code <experiment>_<role>} as the Go workers do; timestamps are
 * the time of recording, which is within the run's global timeout of the event.
 */
public final class RunMetrics {

    private RunMetrics() {}

    public static void record(RunReport report, TokenPushMetrics metrics) {
        record(report, metrics, Instant.now());
    }

    /** @param now the value of the {@code last_*_timestamp} metrics set by this run */
    public static void record(RunReport report, TokenPushMetrics metrics, Instant now) {
        report.stageDurations().forEach((step, duration) -> metrics.stageDuration(step.stageLabel(), duration));
        for (ServiceOutcome outcome : report.services()) {
            String service = outcome.service().name();
            outcome.ticket().ifPresent(t -> recordKerberos(outcome.service(), t, metrics));
            outcome.token().ifPresent(t -> recordGetToken(outcome.service(), t, metrics, now));
            for (StoreResult store : outcome.stores()) {
                if (store.succeeded()) {
                    metrics.tokenStored(service, store.request().credd(), now, store.elapsed());
                } else {
                    metrics.failedTokenStore(service, store.request().credd());
                }
            }
            outcome.ping().ifPresent(ping -> {
                for (NodePingResult node : ping.nodes()) {
                    if (node.succeeded()) metrics.pingDuration(node.node(), node.elapsed());
                    else metrics.failedPing(node.node());
                }
            });
            outcome.push().ifPresent(push -> recordPush(service, push, metrics, now));
        }
        metrics.failedServicesPushCount(report.failures().size());
    }

    /**
     * kinit plus klist of one service: the duration on success, one more failure otherwise.
     */
    public static void recordKerberos(ServiceName service, TicketResult ticket, TokenPushMetrics metrics) {
        if (ticket.succeeded()) metrics.kinitDuration(service.name(), ticket.elapsed());
        else metrics.failedKinit(service.name());
    }

    /** htgettoken for a service that does not store in credds; same remark as {@link #recordKerberos}. */
    public static void recordGetToken(ServiceName service, GetTokenResult token, TokenPushMetrics metrics, Instant now) {
        if (token.succeeded()) metrics.tokenGot(service.name(), now, token.elapsed());
        else metrics.failedTokenGet(service.name());
    }

    /**
     * Every successful push (role file included) sets the node's push duration, the last one wins; every failed
     * vault-token push counts one failure. The last-push timestamp is set for every node only when no vault-token
     * push of the service failed, as the Go service does.
     */
    private static void recordPush(String service, ServicePushResult push, TokenPushMetrics metrics, Instant now) {
        for (FilePushResult file : push.pushes()) {
            if (file.succeeded()) {
                metrics.tokenPushDuration(service, file.node(), file.result().elapsed());
            } else if (file.file().isVaultToken()) {
                metrics.failedTokenPush(service, file.node());
            }
        }
        if (push.succeeded()) {
            push.request().nodes().forEach(node -> metrics.tokenPushed(service, node, now));
        }
    }
}
