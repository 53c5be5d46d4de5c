package dev.managedtokens.core.config;

import java.util.List;
import java.util.Locale;

/**
 * Which services a run processes (docs/run-flow.md, "Start-up"): {@code -e} wins over {@code -s}; neither means all.
 * Sorted by configName.
 */
public final class ServiceSelector {

    private ServiceSelector() {}

    /**
     * The selected services' names. {@code -e E}: every role of E (an unknown E selects nothing); {@code -s E_R}:
     * that service as typed, whether or not it is configured; otherwise every configured service.
     */
    public static List<ServiceName> selectNames(Config config, String experimentFlag, String serviceFlag) {
        if (experimentFlag != null && !experimentFlag.isEmpty()) {
            ExperimentConfig e = config.experiments().get(experimentFlag.toLowerCase(Locale.ROOT));
            if (e == null) {
                return List.of();
            }
            // The experiment is kept as typed, as the Go service keeps it; lookups are case-insensitive anyway.
            return e.roles().stream()
                    .map(r -> new ServiceName(experimentFlag, e.realExperiment(), r))
                    .sorted()
                    .toList();
        }
        if (serviceFlag != null && !serviceFlag.isEmpty()) {
            ServiceName parsed = ServiceName.parse(serviceFlag);
            ExperimentConfig e = config.experiments().get(parsed.experiment().toLowerCase(Locale.ROOT));
            String real = e == null ? parsed.experiment() : e.realExperiment();
            return List.of(new ServiceName(parsed.experiment(), real, parsed.role()));
        }
        return config.services();
    }

    /** The selected services, each resolved from the configuration. */
    public static List<ServiceSettings> select(Config config, String experimentFlag, String serviceFlag) {
        return selectNames(config, experimentFlag, serviceFlag).stream()
                .map(s -> ServiceResolver.resolve(config, s))
                .toList();
    }
}
