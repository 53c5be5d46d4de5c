package dev.managedtokens.worker.schedd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where to look for a service's schedds (credds).
 *
 * @param collectorHosts the configured collector string, comma separated; entries are trimmed and tried in order
 * @param constraint     a ClassAd constraint for {@code condor_status}, or null/empty for none
 * @param creddOverride  a configured credd host (not split), or null: then no collector is asked at all
 * @param environment    the environment {@code condor_status} runs with
 * @param timeout        for each {@code condor_status} call
 */
public record ScheddRequest(
        String collectorHosts,
        String constraint,
        String creddOverride,
        Map<String, String> environment,
        Duration timeout) {

    public ScheddRequest {
        collectorHosts = collectorHosts == null ? "" : collectorHosts;
        constraint = constraint == null ? "" : constraint;
        creddOverride = creddOverride == null || creddOverride.isEmpty() ? null : creddOverride;
        environment = Map.copyOf(environment);
    }

    /** The collectors in order, trimmed, empty entries left out. */
    public List<String> collectors() {
        List<String> out = new ArrayList<>();
        for (String c : collectorHosts.split(",")) {
            if (!c.isBlank()) out.add(c.strip());
        }
        return out;
    }
}
