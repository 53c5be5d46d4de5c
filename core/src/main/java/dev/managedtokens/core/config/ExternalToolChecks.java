package dev.managedtokens.core.config;

import dev.managedtokens.core.config.ConfigProblem.Draft;
import dev.managedtokens.core.config.ConfigProblem.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings the configuration accepts but the external programs reject, found before anything runs, each reported
 * with the program that would fail:
 * <ul>
 *   <li>condor_vault_storer takes its argument as {@code issuer[_role]} and stops with "Only one underscore allowed
 *   in use_oauth_services name" when the name holds a second {@code _}: an experiment (or experimentOverride) with
 *   {@code _} cannot use the storer;</li>
 *   <li>condor_vault_storer uses {@code $XDG_RUNTIME_DIR/bt_u<uid>-<service>} and {@code /tmp/vt_u<uid>-<service>}
 *   unquoted ({@code [ -f $BTOKEN-$SERVICE ]}, {@code mktemp $BTOKEN.XXXXXXXXXX}, {@code -o $TOKENOUT}), so word
 *   splitting and pathname expansion apply: token-push's private runtime directories live under the database's
 *   directory, which therefore must hold no whitespace or glob character, and nor may a service name;</li>
 *   <li>htgettoken refuses a {@code --vaulttokenminttl} that is not below {@code --vaulttokenttl}, and reads both as
 *   a number followed by s, m, h or d. The storer's exchange (and a get-only service's htgettoken) runs with the
 *   default TTL of 7 days, so a {@code minTokenLifetime} of 7 days or more fails every exchange.</li>
 * </ul>
 */
final class ExternalToolChecks {

    /** htgettoken's default {@code --vaulttokenttl}, the lifetime of the exchanged token the storer keeps. */
    static final long EXCHANGED_TOKEN_TTL_SECONDS = 7 * 86_400L;

    // htgettoken's ttl2secs(): digits, then exactly one of s, m, h, d.
    private static final Pattern HTGETTOKEN_TTL = Pattern.compile("([0-9]+)([smhd])");

    private ExternalToolChecks() {}

    static List<Draft> check(ConfigTree tree, Config config) {
        List<Draft> out = new ArrayList<>();
        minTokenLifetime(tree, config, out);
        underscores(tree, config, out);
        unquotedPaths(tree, config, out);
        return out;
    }

    private static void minTokenLifetime(ConfigTree tree, Config config, List<Draft> out) {
        // With HTGETTOKENOPTS in the environment (or ORIG_HTGETTOKENOPTS) the operator's own options are passed
        // instead.
        if (config.origHtgettokenOpts().isPresent()) return;
        Optional<ConfigNode> node = tree.find(List.of(ConfigKeys.MIN_TOKEN_LIFETIME.name()));
        if (node.isEmpty()) return;
        String value = config.minTokenLifetime();
        Location at = node.get().location();
        OptionalLong seconds = htgettokenSeconds(value);
        if (seconds.isEmpty()) {
            out.add(new Draft(
                    at,
                    "minTokenLifetime",
                    Severity.ERROR,
                    "\"" + value + "\" is passed to htgettoken as "
                            + "--vaulttokenminttl, which htgettoken rejects (it must be a number followed by s, m, h or d), "
                            + "so every token step would fail",
                    "write it like 10s, 30m, 12h or 3d"));
        } else if (seconds.getAsLong() >= EXCHANGED_TOKEN_TTL_SECONDS) {
            out.add(new Draft(
                    at,
                    "minTokenLifetime",
                    Severity.ERROR,
                    "\"" + value + "\" is not below the 7-day "
                            + "lifetime of the vault token condor_vault_storer exchanges for (htgettoken's default "
                            + "--vaulttokenttl), so htgettoken refuses every exchange (\"--vaulttokenminttl must be less than "
                            + "--vaulttokenttl\")",
                    "set minTokenLifetime below 7d, e.g. 10s (the default) or 6d"));
        }
    }

    private static void underscores(ConfigTree tree, Config config, List<Draft> out) {
        for (ServiceName service : config.services()) {
            if (!usesStorer(tree, service) || !service.realExperiment().contains("_")) continue;
            boolean overridden = service.isOverridden();
            List<String> at = overridden
                    ? ConfigScope.append(ConfigScope.experimentPath(service), ConfigKeys.EXPERIMENT_OVERRIDE.name())
                    : List.of("experiments", service.experiment());
            Location where = overridden
                    ? tree.find(at).map(ConfigNode::location).orElse(Location.START)
                    : tree.keyLocation(at).orElse(Location.START);
            out.add(new Draft(
                    where,
                    String.join(".", at),
                    Severity.ERROR,
                    "experiment \""
                            + service.realExperiment() + "\" holds \"_\", so service " + service.name()
                            + " has two, and "
                            + "condor_vault_storer stops with \"Only one underscore allowed in use_oauth_services name\"",
                    "use an experiment name without \"_\" (keep this key and set experimentOverride), or set "
                            + "tokenGetterOverride: getToken for its roles if they need no credd"));
        }
    }

    private static void unquotedPaths(ConfigTree tree, Config config, List<Draft> out) {
        List<ServiceName> storerServices =
                config.services().stream().filter(s -> usesStorer(tree, s)).toList();
        if (storerServices.isEmpty()) return;
        String db = config.dbLocation();
        String runtimeRoot;
        try {
            java.nio.file.Path parent =
                    java.nio.file.Path.of(db).toAbsolutePath().getParent();
            runtimeRoot = parent == null ? "/" : parent.toString();
        } catch (java.nio.file.InvalidPathException e) {
            runtimeRoot = db;
        }
        if (UNSAFE_IN_UNQUOTED_PATH.matcher(runtimeRoot).find()) {
            Location at = tree.find(List.of(ConfigKeys.DB_LOCATION.name()))
                    .map(ConfigNode::location)
                    .orElse(Location.START);
            out.add(new Draft(
                    at,
                    "dbLocation",
                    Severity.ERROR,
                    "the database's directory " + runtimeRoot
                            + " holds whitespace or a glob character (* ? [), and token-push gives condor_vault_storer a "
                            + "private XDG_RUNTIME_DIR under it, which the storer uses unquoted, so every store would fail",
                    "put the database in a directory whose path has only letters, digits and . _ - / "
                            + "(the default is /var/lib/managed-tokens/uid.db)"));
        }
        for (ServiceName service : storerServices) {
            if (UNSAFE_IN_UNQUOTED_PATH.matcher(service.name()).find()) {
                List<String> at = List.of("experiments", service.experiment());
                out.add(new Draft(
                        tree.keyLocation(at).orElse(Location.START),
                        String.join(".", at),
                        Severity.ERROR,
                        "service name \"" + service.name() + "\" holds whitespace or a glob character, and "
                                + "condor_vault_storer uses it unquoted in file paths, so its stores would fail",
                        "use letters, digits and - only in the experiment name (experimentOverride too)"));
            }
        }
    }

    // What bash's word splitting (default IFS) and pathname expansion act on in an unquoted expansion.
    private static final Pattern UNSAFE_IN_UNQUOTED_PATH = Pattern.compile("[\\s*?\\[]");

    private static boolean usesStorer(ConfigTree tree, ServiceName service) {
        return ConfigKeys.TOKEN_GETTER_OVERRIDE.forService(tree, service).orElseThrow()
                == TokenGetter.STORE_AND_GET_TOKEN;
    }

    /** htgettoken's reading of a TTL in seconds; empty when htgettoken would reject it. */
    static OptionalLong htgettokenSeconds(String ttl) {
        Matcher m = HTGETTOKEN_TTL.matcher(ttl);
        if (!m.matches()) return OptionalLong.empty();
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
        long unit = switch (m.group(2)) {
            case "d" -> 86_400L;
            case "h" -> 3_600L;
            case "m" -> 60L;
            default -> 1L;
        };
        return n > Long.MAX_VALUE / unit ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(n * unit);
    }
}
