package dev.managedtokens.core.config;

import dev.managedtokens.core.text.FieldTemplate;
import dev.managedtokens.core.text.Shlex;
import dev.managedtokens.core.text.ShlexException;
import dev.managedtokens.core.text.TemplateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Resolves a {@link ServiceSettings} from the configuration alone. Every value is looked up through its
 * {@link ConfigKey} in {@link ConfigKeys}, which applies the one precedence of the file (the role's override, then
 * the experiment's value, then the global one, then the default); what is left here is what combines keys, and
 * one loop that resolves every per-service key for {@link ServiceSettings#find}. The rules are described in
 * docs/configuration.md.
 */
public final class ServiceResolver {

    private ServiceResolver() {}

    public static ServiceSettings resolve(Config config, ServiceName service) {
        ConfigTree tree = config.tree();
        List<String> rolePath = ConfigScope.rolePath(service);
        List<String> problems = new ArrayList<>();
        boolean configured = tree.node(rolePath).isPresent();
        if (!configured) {
            problems.add("service " + service.configName() + " is not in " + config.file() + " (no "
                    + String.join(".", rolePath) + "); check the -s/--service name against --list-services");
        }
        String account = account(config, service);

        Resolved<String> principal = principal(tree, service, account);
        principal.failure().filter(r -> configured).ifPresent(problems::add);
        String credKey = principal.asOptional().map(CredKey::of).orElse("");
        String htgettokenOpts = principal.isOk() ? htgettokenOpts(config, credKey) : "";

        // keytabPathOverride is the whole file path; the global keytabPath is the directory of <account>.keytab.
        boolean keytabOverridden = ConfigKeys.KEYTAB_PATH
                .locate(tree, service)
                .filter(ConfigKey.Found::overridden)
                .isPresent();
        String keytabSetting = value(tree, service, ConfigKeys.KEYTAB_PATH);
        String keytab = keytabOverridden ? keytabSetting : GoPath.join(keytabSetting, account + ".keytab");
        if (!keytabOverridden) {
            keytabEscape(keytabSetting, account).filter(r -> configured).ifPresent(problems::add);
        }

        VaultServerSource vault = vaultServer(config, service);
        if (vault instanceof VaultServerSource.Invalid invalid) {
            problems.add(invalid.reason());
        }

        Resolved<FieldTemplate> roleFile = roleFileTemplate(tree, service);
        roleFile.failure().ifPresent(problems::add);

        // In this order, so that the problems of the option words are listed as before.
        List<String> fileCopierOptions = words(tree, service, ConfigKeys.FILE_COPIER_OPTIONS, problems);
        List<String> pingOptions = words(tree, service, ConfigKeys.PING_OPTIONS, problems);
        List<String> sshOptions = words(tree, service, ConfigKeys.SSH_OPTIONS, problems);
        return new ServiceSettings(
                service,
                configured,
                account,
                ConfigKeys.DESIRED_UID_OVERRIDE
                        .forService(tree, service)
                        .map(OptionalLong::of)
                        .orElse(OptionalLong.empty()),
                new ServiceSettings.Kerberos(principal, credKey, htgettokenOpts, keytab),
                new ServiceSettings.Condor(
                        vault,
                        collectors(value(tree, service, ConfigKeys.CONDOR_COLLECTOR_HOST)),
                        ConfigKey.of(ConfigKeys.CONDOR_SCHEDD_CONSTRAINT).forService(tree, service),
                        ConfigKeys.CONDOR_CREDD_HOST.forService(tree, service),
                        value(tree, service, ConfigKeys.SERVICE_CREDD_VAULT_TOKEN_PATH_ROOT),
                        value(tree, service, ConfigKeys.TOKEN_GETTER_OVERRIDE)),
                new ServiceSettings.Push(
                        value(tree, service, ConfigKeys.DESTINATION_NODES), roleFile, fileCopierOptions, sshOptions),
                new ServiceSettings.Ping(pingOptions),
                new ServiceSettings.Notifications(
                        value(tree, service, ConfigKey.of(ConfigKeys.DISABLE_NOTIFICATIONS)),
                        value(tree, service, ConfigKeys.EMAILS)),
                problems,
                keyValues(tree, service));
    }

    /**
     * The service's value of every per-service key of the registry, each by its own lookup: a key declared later is
     * resolved here without a line of its own.
     */
    static ServiceSettings.KeyValues keyValues(ConfigTree tree, ServiceName service) {
        Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
        for (ConfigKey<?> key : ConfigKeys.keys()) {
            if (key.perService()) {
                key.forService(tree, service).ifPresent(v -> values.put(key, v));
            }
        }
        return new ServiceSettings.KeyValues(values);
    }

    /**
     * Why {@code <keytabPath>/<account>.keytab} would not be a file of the keytab directory ({@code ../} or
     * {@code /} in the account): the validator refuses such an account; this keeps the service from using another
     * file even when it is bypassed.
     */
    static Optional<String> keytabEscape(String keytabDir, String account) {
        try {
            // An empty keytabPath makes the name relative; "/" stands for "some directory" in the check.
            NameRules.childOf(java.nio.file.Path.of(keytabDir.isEmpty() ? "/" : keytabDir), account + ".keytab");
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("the keytab of account \"" + NameRules.printable(account) + "\" would not be in"
                    + " keytabPath " + keytabDir + "; fix the account name");
        }
    }

    static String account(Config config, ServiceName service) {
        return value(config.tree(), service, ConfigKeys.ACCOUNT);
    }

    /** The service's value of a key that has a default. */
    private static <T> T value(ConfigTree tree, ServiceName service, ConfigKey<T> key) {
        return key.forService(tree, service).orElseThrow();
    }

    /**
     * userPrincipalOverride, else the principal pattern rendered with the account. The substitution is plain text
     * (the Go service HTML-escaped it; see docs/configuration.md).
     */
    static Resolved<String> principal(ConfigTree tree, ServiceName service, String account) {
        Optional<String> override = ConfigKeys.USER_PRINCIPAL_OVERRIDE.forService(tree, service);
        String principal;
        if (override.isPresent()) {
            principal = override.get();
        } else {
            String pattern = value(tree, service, ConfigKeys.KERBEROS_PRINCIPAL_PATTERN);
            try {
                principal = FieldTemplate.parse(pattern).render(Map.of("Account", account));
            } catch (TemplateException e) {
                return Resolved.failed("cannot build the Kerberos principal of " + service.configName()
                        + " from kerberosPrincipalPattern: " + e.getMessage());
            }
        }
        if (principal.isBlank()) {
            return Resolved.failed("the Kerberos principal of " + service.configName() + " is empty; set"
                    + " kerberosPrincipalPattern or userPrincipalOverride (Cannot have a blank userPrincipal)");
        }
        return Resolved.ok(principal);
    }

    /** The HTGETTOKENOPTS of a service: the operator's options with the service's credkey, or the defaults. */
    static String htgettokenOpts(Config config, String credKey) {
        Optional<String> orig = config.origHtgettokenOpts();
        if (orig.isPresent()) {
            String value = orig.get();
            if (value.isEmpty()) {
                return "--credkey=" + credKey;
            }
            if (value.contains(credKey)) {
                return value;
            }
            return value + " --credkey=" + credKey;
        }
        return "--vaulttokenminttl=" + config.minTokenLifetime() + " --credkey=" + credKey;
    }

    private static VaultServerSource vaultServer(Config config, ServiceName service) {
        Optional<String> env = config.condorGettokenOpts();
        if (env.isPresent()) {
            try {
                return new VaultServerSource.FromEnvironment(VaultServerSource.parseGettokenOpts(env.get()));
            } catch (IllegalArgumentException e) {
                return new VaultServerSource.Invalid("cannot find the vault server of " + service.configName()
                        + " in " + Config.ENV_CONDOR_GETTOKEN_OPTS + ": " + e.getMessage()
                        + "; add -a <vault server> to it, or unset it to use vaultServer from the configuration");
            }
        }
        Optional<String> configured = ConfigKeys.VAULT_SERVER.forService(config.tree(), service);
        return configured
                .<VaultServerSource>map(VaultServerSource.FromConfig::new)
                .orElseGet(VaultServerSource.AskCondor::new);
    }

    private static Resolved<FieldTemplate> roleFileTemplate(ConfigTree tree, ServiceName service) {
        // The default applies only when the key is absent; an explicit "" is kept, as in Go.
        String text = value(tree, service, ConfigKeys.DEFAULT_ROLE_FILE_DESTINATION_TEMPLATE);
        try {
            return Resolved.ok(FieldTemplate.parse(text));
        } catch (TemplateException e) {
            return Resolved.failed("the role-file destination template of " + service.configName() + " does not parse: "
                    + e.getMessage());
        }
    }

    /** Comma-separated collectors, each trimmed, empty parts dropped (the Go service kept the spaces). */
    static List<String> collectors(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The service's options of an options key, split like a shell command line. */
    private static List<String> words(
            ConfigTree tree, ServiceName service, ConfigKey<String> key, List<String> problems) {
        String text = value(tree, service, key);
        try {
            return Shlex.split(text);
        } catch (ShlexException e) {
            problems.add(key.name() + " \"" + text + "\" cannot be split into words: " + e.getMessage());
            return List.of();
        }
    }
}
