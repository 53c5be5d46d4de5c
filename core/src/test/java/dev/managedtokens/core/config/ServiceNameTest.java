package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceNameTest {

    @ParameterizedTest
    @CsvSource({
        "a_b_c, a_b, c",
        "dune-2_production, dune-2, production",
        "exp_role-x, exp, role",
        "myexpt, myexpt, Analysis",
        "experiment_role, experiment, role",
        "a__b, a_, b",
    })
    void parsesLikeTheGoRegex(String text, String experiment, String role) {
        ServiceName s = ServiceName.parse(text);
        assertEquals(experiment, s.experiment());
        assertEquals(role, s.role());
    }

    @Test
    void aPlainServiceHasOneName() {
        ServiceName s = ServiceName.parse("experiment_role");
        assertEquals("experiment_role", s.configName());
        assertEquals("experiment_role", s.name());
        assertFalse(s.isOverridden());
    }

    @Test
    void anOverriddenServiceKeepsTheConfigKeyForBookkeepingAndTheRealNameForHtcondor() {
        ServiceName s = ServiceName.overridden("experiment_role", "overrideKey");
        assertEquals("overrideKey", s.experiment());
        assertEquals("role", s.role());
        assertEquals("experiment_role", s.name());
        assertEquals("overrideKey_role", s.configName());
        assertTrue(s.isOverridden());
    }

    @Test
    void anOverrideEqualToTheExperimentIsAPlainService() {
        ServiceName s = ServiceName.overridden("experiment_role", "experiment");
        assertFalse(s.isOverridden());
        assertEquals(ServiceName.parse("experiment_role"), s);
    }

    @Test
    void onlyAlphanumericRolesAreAddressable() {
        assertTrue(ServiceName.isAddressableRole("production"));
        assertTrue(ServiceName.isAddressableRole("prod2"));
        assertFalse(ServiceName.isAddressableRole("prod-x"));
        assertFalse(ServiceName.isAddressableRole("prod_x"));
        assertFalse(ServiceName.isAddressableRole(""));
        assertFalse(ServiceName.isAddressableRole("r\u00f4le"));
    }
}
