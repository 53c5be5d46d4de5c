package dev.managedtokens.core.config;

import dev.managedtokens.core.text.FieldTemplate;
import dev.managedtokens.core.text.Shlex;
import dev.managedtokens.core.text.ShlexException;
import dev.managedtokens.core.text.TemplateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Resolves a {@link ServiceSettings} from the configuration alone (docs/configuration.md), applying
 * {@link OverrideRule}.
 */
public final class ServiceResolver {

    private ServiceResolver() {}

    public static ServiceSettings resolve(Config config, ServiceName service) {
        ConfigTree tree = config.tree();
        List<String> rolePath = OverrideRule.servicePath(service);
        List<String> problems = new ArrayList<>();
        boolean configured = tree.node(rolePath).isPresent();
        if (!configured) {
            problems.add("service " + service.configName() + " is not in " + config.file() + " (no "
                    + String.join(".", rolePath) + "); check the -s/--service name against --list-services");
        }
        String account = account(config, service);

        Resolved<String> principal = principal(tree, service, rolePath, account);
        principal.failure().filter(r -> configured).ifPresent(problems::add);
        String credKey = principal.asOptional().map(CredKey::of).orElse("");
        String htgettokenOpts = principal.isOk() ? htgettokenOpts(config, credKey) : "";

        // keytabPathOverride is the whole file path; the global keytabPath is the directory of <account>.keytab.
        OverrideRule.Lookup keytabLookup = OverrideRule.lookup(tree, rolePath, "keytabPath");
        String keytab = keytabLookup.overridden() ? string(tree, keytabLookup.path())
                : GoPath.join(string(tree, keytabLookup.path()), account + ".keytab");
        if (!keytabLookup.overridden()) {
            keytabEscape(string(tree, keytabLookup.path()), account).filter(r -> configured).ifPresent(problems::add);
        }

        VaultServerSource vault = vaultServer(config, service);
        if (vault instanceof VaultServerSource.Invalid invalid) {
            problems.add(invalid.reason());
        }

        Resolved<FieldTemplate> roleFile = roleFileTemplate(tree, service);
        roleFile.failure().ifPresent(problems::add);

        Optional<String> fileCopierText = overridable(tree, service, "fileCopierOptions");
        List<String> fileCopierOptions = fileCopierText.isEmpty() ? ServiceSettings.DEFAULT_FILE_COPIER_OPTIONS
                : words(fileCopierText.get(), "fileCopierOptions", problems);

        // In this order, so that the problems of the option words are listed as before.
        List<String> pingOptions = words(overridable(tree, service, "pingOptions").orElse(""), "pingOptions",
                problems);
        List<String> sshOptions = words(overridable(tree, service, "sshOptions").orElse(""), "sshOptions", problems);
        return new ServiceSettings(
                service,
                configured,
                account,
                uidOverride(tree, rolePath),
                new ServiceSettings.Kerberos(principal, credKey, htgettokenOpts, keytab),
                new ServiceSettings.Condor(
                        vault,
                        collectors(overridable(tree, service, "condorCollectorHost").orElse("")),
                        overridable(tree, service, "condorScheddConstraint"),
                        overridable(tree, service, "condorCreddHost"),
                        overridable(tree, service, "serviceCreddVaultTokenPathRoot").orElse(""),
                        tree.find(ConfigReader.append(rolePath, "tokenGetterOverride"))
                                .flatMap(n -> TokenGetter.fromConfigString(Cast.string(n).value()))
                                .orElse(TokenGetter.STORE_AND_GET_TOKEN)),
                new ServiceSettings.Push(
                        tree.find(ConfigReader.append(rolePath, "destinationNodes"))
                                .map(n -> Cast.stringList(n).value()).orElse(List.of()),
                        roleFile,
                        fileCopierOptions,
                        sshOptions),
                new ServiceSettings.Ping(pingOptions),
                new ServiceSettings.Notifications(
                        OverrideRule.value(tree, service, "disableNotifications").map(n -> Cast.bool(n).value())
                                .orElse(false),
                        tree.find(List.of("experiments", service.experiment(), "emails"))
                                .map(n -> Cast.stringList(n).value()).orElse(List.of())),
                problems);
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
        return string(config.tree(), ConfigReader.append(OverrideRule.servicePath(service), "account"));
    }

    private static String string(ConfigTree tree, List<String> path) {
        return tree.find(path).map(n -> Cast.string(n).value()).orElse("");
    }

    private static Optional<String> overridable(ConfigTree tree, ServiceName service, String key) {
        return OverrideRule.value(tree, service, key).map(n -> Cast.string(n).value());
    }

    private static OptionalLong uidOverride(ConfigTree tree, List<String> rolePath) {
        Optional<ConfigNode> node = tree.find(ConfigReader.append(rolePath, "desiredUIDOverride"));
        if (node.isEmpty()) {
            return OptionalLong.empty();
        }
        Cast.Converted<Long> n = Cast.integer(node.get());
        // The validator reports a bad UID as an error; never let one become UID 0 here.
        return n.ok() && n.value() >= 0 && n.value() <= 0xFFFF_FFFFL ? OptionalLong.of(n.value())
                : OptionalLong.empty();
    }

    /**
     * The principal template (docs/configuration.md), with plain substitution and no HTML escaping
     * (docs/compatibility.md).
     */
    static Resolved<String> principal(ConfigTree tree, ServiceName service, List<String> rolePath, String account) {
        Optional<ConfigNode> override = tree.find(ConfigReader.append(rolePath, "userPrincipalOverride"));
        String principal;
        if (override.isPresent()) {
            principal = Cast.string(override.get()).value();
        } else {
            String pattern = OverrideRule.value(tree, service, "kerberosPrincipalPattern")
                    .map(n -> Cast.string(n).value()).orElse("");
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

    /** HTGETTOKENOPTS for the service (docs/configuration.md). */
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
        Optional<String> configured = overridable(config.tree(), service, "vaultServer");
        return configured.<VaultServerSource>map(VaultServerSource.FromConfig::new)
                .orElseGet(VaultServerSource.AskCondor::new);
    }

    private static Resolved<FieldTemplate> roleFileTemplate(ConfigTree tree, ServiceName service) {
        // The default applies only when the key is absent; an explicit "" is kept, as in Go.
        String text = overridable(tree, service, "defaultRoleFileDestinationTemplate")
                .orElse(ServiceSettings.DEFAULT_ROLE_FILE_DESTINATION);
        try {
            return Resolved.ok(FieldTemplate.parse(text));
        } catch (TemplateException e) {
            return Resolved.failed("the role-file destination template of " + service.configName()
                    + " does not parse: " + e.getMessage());
        }
    }

    /** Trimmed, and empty parts dropped (docs/compatibility.md). */
    static List<String> collectors(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> words(String text, String key, List<String> problems) {
        try {
            return Shlex.split(text);
        } catch (ShlexException e) {
            problems.add(key + " \"" + text + "\" cannot be split into words: " + e.getMessage());
            return List.of();
        }
    }
}
