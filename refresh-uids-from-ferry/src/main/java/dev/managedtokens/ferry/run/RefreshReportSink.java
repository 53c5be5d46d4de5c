package dev.managedtokens.ferry.run;

import dev.managedtokens.core.config.Config;

/**
 * Where a finished run's report goes besides the console: the admin notification (one message listing
 * {@link RefreshReport#problems()}) and the metrics ({@link RefreshReport#stageDurations()},
 * {@link RefreshReport#requestDurations()}, {@link RefreshReport#failedRequestCount()},
 * {@link RefreshReport#refreshedAt()}) pushed under this executable's group. Called once per run that got as far as
 * a valid configuration, whatever the outcome, after the summary is printed.
 */
@FunctionalInterface
public interface RefreshReportSink {

    void accept(RefreshReport report, Config config);

    /** Sends and records nothing (until the notify and metrics wiring lands, and for tests). */
    RefreshReportSink NONE = (report, config) -> {};
}
