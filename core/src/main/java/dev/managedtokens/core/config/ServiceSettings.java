package dev.managedtokens.core.config;

import dev.managedtokens.core.text.FieldTemplate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the configuration alone says about one service, resolved once with every override applied. What needs
 * the database (the UID unless overridden), HTCondor (schedds, the vault server when {@link VaultServerSource.AskCondor})
 * or the network is resolved later by the caller from these values.
 *
 * @param service its identity (configName E_R vs name X_R)
 * @param configured whether {@code experiments.E.roles.R} exists in the file ({@code -s} may name one that does not)
 * @param account the UNIX account on the nodes; {@code ""} when not configured
 * @param desiredUidOverride {@code desiredUIDOverride}; when present the database is not consulted
 * @param userPrincipal {@code userPrincipalOverride}, or the principal template rendered with the account
 * @param credKey the principal with every {@code @FNAL.GOV} removed ({@link CredKey}); {@code ""} when the principal
 *                failed
 * @param htgettokenOpts the {@code HTGETTOKENOPTS} value for this service (§2.7.3); {@code ""} when the principal failed
 * @param keytabPath {@code keytabPathOverride}, else {@code <keytabPath>/<account>.keytab} (Go {@code path.Join})
 * @param vaultServer where the vault server comes from
 * @param collectorHosts {@code condorCollectorHost} split on commas and trimmed, empty entries dropped
 * @param scheddConstraint {@code condorScheddConstraint}, if set
 * @param creddOverride {@code condorCreddHost}, if set: the only credd, and the collector is not queried
 * @param tokenRoot {@code serviceCreddVaultTokenPathRoot}; {@code ""} means relative to the working directory
 * @param roleFileDestination the role-file destination template, parsed (its fields: {@link TemplateFields#ROLE_FILE})
 * @param fileCopierOptions rsync options; {@code --perms --chmod=u=r,go=} when the key is unset (DIFFERENCES §8.10)
 * @param pingOptions configured extra ping words, before merging ({@code OptionMerger.pingOptions})
 * @param sshOptions configured extra ssh words, before merging ({@code OptionMerger.sshOptions})
 * @param destinationNodes nodes to push to, in the configured order
 * @param tokenGetter how the token is obtained
 * @param notificationsDisabled {@code disableNotificationsOverride}, else the global {@code disableNotifications}
 * @param emails the experiment's stakeholder recipients
 * @param problems why the service cannot run, from the configuration alone; empty when it can
 */
public record ServiceSettings(ServiceName service, boolean configured, String account,
                              OptionalLong desiredUidOverride, Resolved<String> userPrincipal, String credKey,
                              String htgettokenOpts, String keytabPath, VaultServerSource vaultServer,
                              List<String> collectorHosts, Optional<String> scheddConstraint,
                              Optional<String> creddOverride, String tokenRoot,
                              Resolved<FieldTemplate> roleFileDestination, List<String> fileCopierOptions,
                              List<String> pingOptions, List<String> sshOptions, List<String> destinationNodes,
                              TokenGetter tokenGetter, boolean notificationsDisabled, List<String> emails,
                              List<String> problems) {

    public static final String DEFAULT_ROLE_FILE_DESTINATION = "/tmp/default_role_{{.Experiment}}_{{.DesiredUID}}";
    public static final List<String> DEFAULT_FILE_COPIER_OPTIONS = List.of("--perms", "--chmod=u=r,go=");

    public ServiceSettings {
        collectorHosts = List.copyOf(collectorHosts);
        fileCopierOptions = List.copyOf(fileCopierOptions);
        pingOptions = List.copyOf(pingOptions);
        sshOptions = List.copyOf(sshOptions);
        destinationNodes = List.copyOf(destinationNodes);
        emails = List.copyOf(emails);
        problems = List.copyOf(problems);
    }

    /** Whether the configuration allows the service to run at all (later steps may still fail). */
    public boolean usable() {
        return problems.isEmpty();
    }
}
