package dev.managedtokens.core.config;

import dev.managedtokens.core.text.FieldTemplate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the configuration alone says about one service, resolved once with every override applied, grouped by
 * what uses it. What needs the database (the UID unless overridden), HTCondor (schedds, the vault server when
 * {@link VaultServerSource.AskCondor}) or the network is resolved later by the caller from these values. The flat
 * accessors below are shorthands for the groups' components.
 *
 * <p>Every per-service key of the registry can also be read on its own, typed, with {@link #value} or {@link #find}
 * and the key's handle in {@code ConfigKeys}: a new key needs no component here. The groups hold what is derived
 * from several keys (the principal, the keytab file, the parsed options).
 *
 * @param service            its identity (configName E_R vs name X_R)
 * @param configured         whether {@code experiments.E.roles.R} exists in the file ({@code -s} may name one that
 *                           does not)
 * @param account            the UNIX account on the nodes; {@code ""} when not configured
 * @param desiredUidOverride {@code desiredUIDOverride}; when present the database is not consulted
 * @param problems           why the service cannot run, from the configuration alone; empty when it can
 * @param keyValues          the service's value of each per-service key, read through {@link #find}
 */
public record ServiceSettings(
        ServiceName service,
        boolean configured,
        String account,
        OptionalLong desiredUidOverride,
        Kerberos kerberos,
        Condor condor,
        Push push,
        Ping ping,
        Notifications notifications,
        List<String> problems,
        KeyValues keyValues) {

    public static final String DEFAULT_ROLE_FILE_DESTINATION = "/tmp/default_role_{{.Experiment}}_{{.DesiredUID}}";
    public static final List<String> DEFAULT_FILE_COPIER_OPTIONS = List.of("--perms", "--chmod=u=r,go=");

    /**
     * Who the service is to Kerberos and Vault.
     *
     * @param userPrincipal  {@code userPrincipalOverride}, or the principal template rendered with the account
     * @param credKey        the principal with every {@code @FNAL.GOV} removed ({@link CredKey}); {@code ""} when the
     *                       principal failed
     * @param htgettokenOpts the {@code HTGETTOKENOPTS} value for this service (docs/configuration.md); {@code ""} when
     *                       the principal failed
     * @param keytabPath     {@code keytabPathOverride}, else {@code <keytabPath>/<account>.keytab} (Go
     *                       {@code path.Join})
     */
    public record Kerberos(Resolved<String> userPrincipal, String credKey, String htgettokenOpts, String keytabPath) {}

    /**
     * Where and how the vault token is obtained and stored.
     *
     * @param vaultServer      where the vault server comes from
     * @param collectorHosts   {@code condorCollectorHost} split on commas and trimmed, empty entries dropped
     * @param scheddConstraint {@code condorScheddConstraint}, if set
     * @param creddOverride    {@code condorCreddHost}, if set: the only credd, and the collector is not queried
     * @param tokenRoot        {@code serviceCreddVaultTokenPathRoot}; {@code ""} means relative to the working
     *                         directory
     * @param tokenGetter      how the token is obtained
     */
    public record Condor(
            VaultServerSource vaultServer,
            List<String> collectorHosts,
            Optional<String> scheddConstraint,
            Optional<String> creddOverride,
            String tokenRoot,
            TokenGetter tokenGetter) {
        public Condor {
            collectorHosts = List.copyOf(collectorHosts);
        }
    }

    /**
     * Where the token goes and how it is copied.
     *
     * @param destinationNodes    nodes to push to, in the configured order
     * @param roleFileDestination the role-file destination template, parsed (its fields:
     *                            {@link TemplateFields#ROLE_FILE})
     * @param fileCopierOptions   rsync options; {@code --perms --chmod=u=r,go=} when the key is unset
     *                            (docs/compatibility.md)
     * @param sshOptions          configured extra ssh words, before merging ({@code OptionMerger.sshOptions})
     */
    public record Push(
            List<String> destinationNodes,
            Resolved<FieldTemplate> roleFileDestination,
            List<String> fileCopierOptions,
            List<String> sshOptions) {
        public Push {
            destinationNodes = List.copyOf(destinationNodes);
            fileCopierOptions = List.copyOf(fileCopierOptions);
            sshOptions = List.copyOf(sshOptions);
        }
    }

    /** @param pingOptions configured extra ping words, before merging ({@code OptionMerger.pingOptions}) */
    public record Ping(List<String> pingOptions) {
        public Ping {
            pingOptions = List.copyOf(pingOptions);
        }
    }

    /**
     * @param disabled {@code disableNotificationsOverride}, else the global {@code disableNotifications}
     * @param emails   the experiment's stakeholder recipients
     */
    public record Notifications(boolean disabled, List<String> emails) {
        public Notifications {
            emails = List.copyOf(emails);
        }
    }

    /**
     * The service's value of every per-service key, looked up once by the resolver with the file's one precedence
     * (the role's value or override, the experiment's, the global one, the default). A key is here when that lookup
     * gives a value. Read it through {@link #find}; only this package builds one, so each value has its key's type.
     */
    public static final class KeyValues {

        /** Nothing set for the service: every key reads as its default. */
        static final KeyValues NONE = new KeyValues(Map.of());

        private final Map<ConfigKey<?>, Object> values;

        /** @param values each key's value, of the key's type, in the registry's order */
        KeyValues(Map<ConfigKey<?>, Object> values) {
            this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        @SuppressWarnings("unchecked") // put here by the key's own lookup, so of its type
        <T> Optional<T> find(ConfigKey<T> key) {
            return Optional.ofNullable((T) values.get(key));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KeyValues other && values.equals(other.values);
        }

        @Override
        public int hashCode() {
            return values.hashCode();
        }

        /** By key name, e.g. {@code {disableNotifications=false}}. */
        @Override
        public String toString() {
            Map<String, Object> byName = new LinkedHashMap<>();
            values.forEach((k, v) -> byName.put(k.name(), v));
            return byName.toString();
        }
    }

    public ServiceSettings {
        problems = List.copyOf(problems);
        Objects.requireNonNull(keyValues, "keyValues");
    }

    /**
     * Settings built by hand (tests of other modules), as if the file set none of the per-service keys for the
     * service: {@link #find} gives each key's default, whatever the groups say.
     */
    public ServiceSettings(
            ServiceName service,
            boolean configured,
            String account,
            OptionalLong desiredUidOverride,
            Kerberos kerberos,
            Condor condor,
            Push push,
            Ping ping,
            Notifications notifications,
            List<String> problems) {
        this(
                service,
                configured,
                account,
                desiredUidOverride,
                kerberos,
                condor,
                push,
                ping,
                notifications,
                problems,
                KeyValues.NONE);
    }

    /**
     * The service's value of a per-service key, by the file's one precedence: the role's value (its
     * {@code …Override} for a global key), the experiment's, the global one, else the key's default; empty when it is
     * set nowhere and has no default.
     *
     * @throws IllegalArgumentException when the key is not per-service (it is not written per role or per
     *                                  experiment): such a key is read from {@link Config}
     */
    public <T> Optional<T> find(ServiceKey<T> key) {
        ConfigKey<T> k = ConfigKey.of(key);
        if (!k.perService()) {
            throw new IllegalArgumentException(k.name() + " is not a per-service key (it is written neither per role"
                    + " nor per experiment); read it from Config");
        }
        return keyValues.find(k).or(k::defaultValue);
    }

    /**
     * The service's value of a per-service key that has a default ({@link #find} otherwise).
     *
     * @throws IllegalArgumentException when the key has no default, whether or not it is set for this service, so
     *                                  that the mistake shows in every test and not only with some files
     */
    public <T> T value(ServiceKey<T> key) {
        ConfigKey<T> k = ConfigKey.of(key);
        if (k.defaultValue().isEmpty()) {
            throw new IllegalArgumentException(k.name() + " has no default, so it may be unset: read it with"
                    + " ServiceSettings.find, which is empty when it is");
        }
        return find(k).orElseThrow();
    }

    /** Whether the configuration allows the service to run at all (later steps may still fail). */
    public boolean usable() {
        return problems.isEmpty();
    }

    // Shorthands for the groups' components, so that a reader needs not know which group holds a key.

    public Resolved<String> userPrincipal() {
        return kerberos.userPrincipal();
    }

    public String credKey() {
        return kerberos.credKey();
    }

    public String htgettokenOpts() {
        return kerberos.htgettokenOpts();
    }

    public String keytabPath() {
        return kerberos.keytabPath();
    }

    public VaultServerSource vaultServer() {
        return condor.vaultServer();
    }

    public List<String> collectorHosts() {
        return condor.collectorHosts();
    }

    public Optional<String> scheddConstraint() {
        return condor.scheddConstraint();
    }

    public Optional<String> creddOverride() {
        return condor.creddOverride();
    }

    public String tokenRoot() {
        return condor.tokenRoot();
    }

    public TokenGetter tokenGetter() {
        return condor.tokenGetter();
    }

    public List<String> destinationNodes() {
        return push.destinationNodes();
    }

    public Resolved<FieldTemplate> roleFileDestination() {
        return push.roleFileDestination();
    }

    public List<String> fileCopierOptions() {
        return push.fileCopierOptions();
    }

    public List<String> sshOptions() {
        return push.sshOptions();
    }

    public List<String> pingOptions() {
        return ping.pingOptions();
    }

    public boolean notificationsDisabled() {
        return notifications.disabled();
    }

    public List<String> emails() {
        return notifications.emails();
    }
}
