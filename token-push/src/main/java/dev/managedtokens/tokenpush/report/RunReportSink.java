package dev.managedtokens.tokenpush.report;

import dev.managedtokens.tokenpush.run.RunReport;

/**
 * Where a finished run's report goes besides the console: the service and admin notifications and the metrics,
 * pushed to the Pushgateway after the notifications so that their own metrics go too. Called once per run that
 * reached its services, whatever the outcome; it never changes the exit status.
 */
@FunctionalInterface
interface RunReportSink {

    void accept(RunReport report);
}
