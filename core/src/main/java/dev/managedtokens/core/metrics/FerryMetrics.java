package dev.managedtokens.core.metrics;

import java.time.Duration;
import java.time.Instant;

/** refresh-uids-from-ferry's metrics (docs/metrics.md), one method per metric. */
public final class FerryMetrics extends ExecutableMetrics {

    public static final String EXECUTABLE = "refresh-uids-from-ferry";

    public FerryMetrics() {
        super(EXECUTABLE, Catalogue.REFRESH_UIDS_STAGE_HELP);
        catalogue.registerFerryRefresh();
    }

    /**
     * {@code managed_tokens_last_ferry_refresh}: after a verified refresh. A plain gauge as in Go, so a run that
     * does not refresh pushes 0, as the Go service does (docs/metrics.md).
     */
    public void lastFerryRefresh(Instant at) {
        catalogue.lastFerryRefresh.set(unixSeconds(at));
    }

    /** {@code managed_tokens_ferry_request_duration_seconds}: observed per successful request. */
    public void ferryRequestDuration(Duration duration) {
        catalogue.ferryRequestDuration.observe(seconds(duration));
    }

    /** {@code managed_tokens_ferry_request_error_count} + 1: one failed request. */
    public void ferryRequestError() {
        catalogue.ferryRequestErrorCount.inc();
    }
}
