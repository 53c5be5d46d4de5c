package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * For each step, the first start and the last end across all services. Without stage barriers this is what keeps
 * {@code stage_duration_seconds{stage}} meaningful on the operators' dashboards (docs/run-flow.md).
 */
final class StageTimes {

    private final Map<Stage, Instant[]> spans = new LinkedHashMap<>();

    public synchronized void record(Stage step, Instant start, Instant end) {
        Instant[] span = spans.get(step);
        if (span == null) {
            spans.put(step, new Instant[] {start, end});
            return;
        }
        if (start.isBefore(span[0])) span[0] = start;
        if (end.isAfter(span[1])) span[1] = end;
    }

    /** The span of every step that ran at least once, in the order the steps first started. */
    public synchronized Map<Stage, Duration> durations() {
        Map<Stage, Duration> out = new LinkedHashMap<>();
        spans.forEach((step, span) -> out.put(step, Duration.between(span[0], span[1])));
        return out;
    }
}
