package dev.managedtokens.core.config;

import java.util.Set;

/** The fields each configured template may name; anything else fails, as it does in the Go service. */
public final class TemplateFields {

    /** {@code kerberosPrincipalPattern}: only the role's account. */
    public static final Set<String> PRINCIPAL = Set.of("Account");

    /**
     * {@code defaultRoleFileDestinationTemplate}: the Go worker configuration's exported fields and promoted methods
     * (docs/configuration.md, "Templates"). {@code Experiment} is the config key E; {@code Name} is X_R; the
     * environment fields hold {@code KEY=value} text.
     */
    public static final Set<String> ROLE_FILE = Set.of(
            "Experiment",
            "Role",
            "Name",
            "ServiceNameFromExperimentAndRole",
            "DesiredUID",
            "Account",
            "UserPrincipal",
            "KeytabPath",
            "ServiceCreddVaultTokenPathRoot",
            "VaultServer",
            "Nodes",
            "Schedds",
            "Extras",
            "Krb5ccname",
            "CondorCreddHost",
            "CondorCollectorHost",
            "HtgettokenOpts");

    private TemplateFields() {}
}
