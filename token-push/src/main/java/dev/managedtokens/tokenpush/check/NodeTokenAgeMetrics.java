package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.metrics.CheckMetrics;
import dev.managedtokens.core.metrics.MetricsPusher;
import java.io.PrintWriter;

/** {@code --push-metrics}: the node token ages of a check to the Pushgateway, in the check's own group. */
final class NodeTokenAgeMetrics {

    private NodeTokenAgeMetrics() {}

    /** A Pushgateway that is down or not configured is said on {@code err}; it never changes the exit status. */
    static void push(Config config, CheckReport report, PrintWriter err) {
        CheckMetrics metrics = new CheckMetrics();
        report.nodeTokenAges().forEach(a -> metrics.nodeTokenAge(a.service(), a.node(), a.ageSeconds()));
        MetricsPusher pusher = new MetricsPusher(config.prometheus(), config.devEnvironmentLabel());
        if (!pusher.checkReachable() || !pusher.push(metrics)) {
            err.println("token-push check: the node token ages were not pushed (see the error above, or set"
                    + " prometheus.host)");
            err.flush();
        }
    }
}
