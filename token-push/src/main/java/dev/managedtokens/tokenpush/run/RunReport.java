package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished run knows, sorted by service config name: what the summary, the notifications and the
 * metrics are made from.
 */
public record RunReport(
        RunMode mode, List<ServiceOutcome> services, Map<Stage, Duration> stageDurations, Duration elapsed) {

    public RunReport {
        services = List.copyOf(services);
        stageDurations = Map.copyOf(stageDurations);
    }

    public boolean allSucceeded() {
        return services.stream().allMatch(ServiceOutcome::succeeded);
    }

    public List<ServiceOutcome> failures() {
        return services.stream().filter(s -> !s.succeeded()).toList();
    }
}
