package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSelectorTest {

    private static final Config CONFIG = TestConfigs.config("""
            experiments:
              experiment2:
                roles:
                  role1: {account: a}
              experiment1:
                roles:
                  role2: {account: b}
                  role1: {account: c}
              experiment-override:
                experimentOverride: experiment1
                roles:
                  role1: {account: c}
            """);

    private static List<String> select(String e, String s) {
        return ServiceSelector.select(CONFIG, e, s).stream()
                .map(x -> x.service().configName())
                .toList();
    }

    @Test
    void noFlagsSelectEveryServiceSorted() {
        assertEquals(
                List.of("experiment-override_role1", "experiment1_role1", "experiment1_role2", "experiment2_role1"),
                select("", ""));
        assertEquals(select("", ""), select(null, null));
    }

    @Test
    void experimentFlagSelectsThatExperimentsRoles() {
        assertEquals(List.of("experiment1_role1", "experiment1_role2"), select("experiment1", ""));
        assertEquals(List.of(), select("nosuch", ""));
    }

    @Test
    void serviceFlagSelectsOneService() {
        assertEquals(List.of("experiment1_role2"), select("", "experiment1_role2"));
    }

    @Test
    void experimentFlagWinsOverServiceFlag() {
        assertEquals(List.of("experiment2_role1"), select("experiment2", "experiment1_role2"));
    }

    @Test
    void anOverriddenExperimentIsSelectedWithBothNames() {
        ServiceName s = ServiceSelector.selectNames(CONFIG, "", "experiment-override_role1")
                .get(0);
        assertEquals("experiment-override_role1", s.configName());
        assertEquals("experiment1_role1", s.name());
        assertEquals(
                s,
                ServiceSelector.selectNames(CONFIG, "experiment-override", "").get(0));
    }

    @Test
    void aServiceNotInTheFileIsSelectedButNotUsable() {
        ServiceSettings s =
                ServiceSelector.select(CONFIG, "", "experiment9_role1").get(0);
        assertFalse(s.configured());
        assertFalse(s.usable());
        assertTrue(
                s.problems().get(0).contains("experiment9_role1 is not in"),
                s.problems().toString());
    }

    @Test
    void theServiceFlagIsKeptAsTypedWhileLookupsIgnoreCase() {
        ServiceSettings s =
                ServiceSelector.select(CONFIG, "", "Experiment1_role2").get(0);
        assertEquals("Experiment1_role2", s.service().configName());
        assertTrue(s.configured());
        assertEquals("b", s.account());
    }
}
