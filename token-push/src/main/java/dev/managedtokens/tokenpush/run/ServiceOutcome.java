package dev.managedtokens.tokenpush.run;

import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.worker.ping.PingResult;
import dev.managedtokens.worker.push.ServicePushResult;
import dev.managedtokens.worker.vault.GetTokenResult;
import dev.managedtokens.worker.vault.StoreResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one service in a run: success, or the step that failed and why, plus every step's detailed
 * result for notifications and metrics.
 *
 * @param failedAt    empty when the service succeeded
 * @param reason      one line; empty on success
 * @param ticket      empty when the run stopped before kinit
 * @param stores      one result per credd, in the order they were tried (empty for getToken services)
 * @param token       the htgettoken result of a getToken service
 * @param ping        empty when the run stopped before ping
 * @param push        empty when the run stopped before push
 */
public record ServiceOutcome(ServiceName service, Optional<Step> failedAt, String reason,
                             Optional<TicketResult> ticket, List<StoreResult> stores, Optional<GetTokenResult> token,
                             Optional<PingResult> ping, Optional<ServicePushResult> push, Duration elapsed) {

    public ServiceOutcome {
        stores = List.copyOf(stores);
    }

    public boolean succeeded() {
        return failedAt.isEmpty();
    }

    static ServiceOutcome setupFailure(ServiceName service, String reason) {
        return new ServiceOutcome(service, Optional.of(Step.SETUP), reason, Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ZERO);
    }
}
