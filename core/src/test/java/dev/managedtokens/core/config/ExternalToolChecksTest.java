package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Settings the configuration takes but condor_vault_storer or htgettoken would reject, refused up front. */
class ExternalToolChecksTest {

    private static List<String> errors(String yaml) {
        return errors(yaml, Map.of());
    }

    private static List<String> errors(String yaml, Map<String, String> env) {
        return TestConfigs.load(yaml, env).problems().stream()
                .filter(p -> p.severity() == ConfigProblem.Severity.ERROR)
                .map(ConfigProblem::render)
                .toList();
    }

    private static final String ONE_SERVICE = """
            dbLocation: /var/lib/managed-tokens/uid.db
            experiments:
              %s:
                roles:
                  production:
                    account: pro
                    destinationNodes: [n1]
            """;

    @Test
    void anExperimentWithAnUnderscoreThatUsesTheStorerIsAnErrorNamingTheStorer() {
        List<String> e = errors(ONE_SERVICE.formatted("my_exp"));
        assertEquals(1, e.size(), e.toString());
        assertEquals(
                TestConfigs.FILE + ":3:3: experiments.my_exp: experiment \"my_exp\" holds \"_\", so service "
                        + "my_exp_production has two, and condor_vault_storer stops with \"Only one underscore allowed in "
                        + "use_oauth_services name\"; use an experiment name without \"_\" (keep this key and set "
                        + "experimentOverride), or set tokenGetterOverride: getToken for its roles if they need no credd",
                e.get(0));
    }

    @Test
    void anUnderscoreIsFineWhenTheStorerIsNotUsedOrTheOverrideHasNone() {
        assertEquals(List.of(), errors("""
                experiments:
                  my_exp:
                    roles:
                      production:
                        account: pro
                        destinationNodes: [n1]
                        tokenGetterOverride: getToken
                """));
        assertEquals(List.of(), errors("""
                experiments:
                  my_exp:
                    experimentOverride: myexp
                    roles:
                      production:
                        account: pro
                        destinationNodes: [n1]
                """));
        assertEquals(List.of(), errors(ONE_SERVICE.formatted("dune")));
    }

    @Test
    void aMinimumLifetimeNotBelowTheExchangedTokensSevenDaysIsAnErrorNamingHtgettoken() {
        List<String> e = errors("minTokenLifetime: 7d\n" + ONE_SERVICE.formatted("dune"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(
                e.get(0)
                        .startsWith(TestConfigs.FILE + ":1:19: minTokenLifetime: \"7d\" is not below the 7-day "
                                + "lifetime of the vault token condor_vault_storer exchanges for"),
                e.get(0));
        assertTrue(e.get(0).contains("htgettoken refuses every exchange"), e.get(0));

        assertEquals(List.of(), errors("minTokenLifetime: 6d\n" + ONE_SERVICE.formatted("dune")));
        assertEquals(List.of(), errors("minTokenLifetime: 167h\n" + ONE_SERVICE.formatted("dune")));
        assertEquals(
                1,
                errors("minTokenLifetime: 168h\n" + ONE_SERVICE.formatted("dune"))
                        .size());
    }

    @Test
    void aMinimumLifetimeHtgettokenCannotReadIsAnError() {
        List<String> e = errors("minTokenLifetime: 1.5h\n" + ONE_SERVICE.formatted("dune"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("htgettoken rejects"), e.get(0));
    }

    @Test
    void theMinimumLifetimeIsNotCheckedWhenTheOperatorsHtgettokenoptsReplaceIt() {
        assertEquals(
                List.of(),
                errors(
                        "minTokenLifetime: 8d\n" + ONE_SERVICE.formatted("dune"),
                        Map.of("HTGETTOKENOPTS", "--vaulttokenminttl=1h")));
    }

    @Test
    void aDatabaseDirectoryWithASpaceOrGlobIsRefusedBecauseTheStorerUsesItUnquoted() {
        for (String db : List.of("/srv/managed tokens/uid.db", "/srv/tokens[1]/uid.db", "/srv/tok*ens/uid.db")) {
            List<String> e = errors(ONE_SERVICE.formatted("dune").replace("/var/lib/managed-tokens/uid.db", db));
            assertEquals(1, e.size(), db + ": " + e);
            assertTrue(
                    e.get(0).startsWith(TestConfigs.FILE + ":1:13: dbLocation: the database's directory "), e.get(0));
            assertTrue(e.get(0).contains("condor_vault_storer"), e.get(0));
        }
        assertEquals(
                List.of(),
                errors(ONE_SERVICE
                        .formatted("dune")
                        .replace("/var/lib/managed-tokens/uid.db", "/srv/managed tokens/uid.db")
                        .replace(
                                "destinationNodes: [n1]",
                                "destinationNodes: [n1]\n        tokenGetterOverride: getToken")),
                "no storer, no constraint");
    }

    @Test
    void htgettokenReadsTtlsAsANumberAndOneUnit() {
        assertEquals(OptionalLong.of(10), ExternalToolChecks.htgettokenSeconds("10s"));
        assertEquals(OptionalLong.of(7 * 86_400), ExternalToolChecks.htgettokenSeconds("7d"));
        assertEquals(OptionalLong.of(90 * 60), ExternalToolChecks.htgettokenSeconds("90m"));
        assertFalse(ExternalToolChecks.htgettokenSeconds("10").isPresent());
        assertFalse(ExternalToolChecks.htgettokenSeconds("1h30m").isPresent());
        assertFalse(ExternalToolChecks.htgettokenSeconds("10S").isPresent());
    }
}
