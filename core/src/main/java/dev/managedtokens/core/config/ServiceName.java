package dev.managedtokens.core.config;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's identity. {@code configName} ({@code E_R}, E the config key) keys the bookkeeping: the database, the
 * notifications, the success map, log lines. {@code name} ({@code X_R}, X the real experiment after
 * {@code experimentOverride}) is what HTCondor, Vault and the token files see. They differ only for an overridden
 * experiment, and mixing them up loses notifications (docs/configuration.md, "Service names").
 *
 * @param experiment the config experiment key E (as selected: lower-case from the file, as typed with {@code -s})
 * @param realExperiment X: {@code experimentOverride} when set and non-empty, else E
 * @param role R
 */
public record ServiceName(String experiment, String realExperiment, String role) implements Comparable<ServiceName> {

    /** Go's unanchored {@code (.+)_([[:alnum:]]+)}, first match: the role is the alphanumeric run after the last usable {@code _}. */
    private static final Pattern SERVICE = Pattern.compile("(.+)_(\\p{Alnum}+)");

    /** The role Go gives a name without {@code _role}. */
    public static final String DEFAULT_ROLE = "Analysis";

    public ServiceName {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(realExperiment, "realExperiment");
        Objects.requireNonNull(role, "role");
    }

    /** A service whose experiment is not overridden. */
    public static ServiceName of(String experiment, String role) {
        return new ServiceName(experiment, experiment, role);
    }

    /**
     * Go's {@code NewExperimentOverriddenService(serviceName, configKey)}: {@code serviceName} is {@code X_R}, the
     * config key is E. When they are equal this is a plain service.
     */
    public static ServiceName overridden(String serviceName, String configExperiment) {
        ServiceName parsed = parse(serviceName);
        return new ServiceName(configExperiment, parsed.experiment(), parsed.role());
    }

    /** Splits {@code experiment_role} as the Go service does: {@code a_b_c} is (a_b, c), {@code myexpt} is (myexpt, Analysis). */
    public static ServiceName parse(String service) {
        Matcher m = SERVICE.matcher(service);
        if (m.find()) {
            return of(m.group(1), m.group(2));
        }
        return of(service, DEFAULT_ROLE);
    }

    /** {@code E_R}: database, notifications, summaries. */
    public String configName() {
        return experiment + "_" + role;
    }

    /** {@code X_R}: condor_vault_storer, htgettoken issuer, token file names, most metric labels. */
    public String name() {
        return realExperiment + "_" + role;
    }

    public boolean isOverridden() {
        return !experiment.equals(realExperiment);
    }

    /**
     * Whether the role can be addressed in the file: only an all-alphanumeric role survives the parse
     * (docs/configuration.md, "Service names").
     */
    public static boolean isAddressableRole(String role) {
        return !role.isEmpty() && role.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c));
    }

    @Override
    public int compareTo(ServiceName o) {
        int c = configName().compareTo(o.configName());
        return c != 0 ? c : name().compareTo(o.name());
    }

    @Override
    public String toString() {
        return isOverridden() ? configName() + " (as " + name() + ")" : configName();
    }
}
