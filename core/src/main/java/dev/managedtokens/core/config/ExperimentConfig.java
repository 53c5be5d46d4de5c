package dev.managedtokens.core.config;

import java.util.List;

/**
 * One entry of {@code experiments}: its config key E (lower-case), the real experiment X, the stakeholder emails and
 * the role names, sorted.
 */
public record ExperimentConfig(String key, String realExperiment, List<String> emails, List<String> roles) {
    public ExperimentConfig {
        emails = List.copyOf(emails);
        roles = List.copyOf(roles);
    }

    /** Every service of this experiment, sorted by role. */
    public List<ServiceName> services() {
        return roles.stream().map(r -> new ServiceName(key, realExperiment, r)).toList();
    }
}
