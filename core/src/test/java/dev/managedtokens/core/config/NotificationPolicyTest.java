package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationPolicyTest {

    private static final Set<String> ALL = Set.of("experiment1_role1", "experiment1_role2", "experiment2_role1");

    /** Three services; {@code overrides} gives each one's disableNotificationsOverride ("" for none). */
    private static NotificationPolicy resolve(String global, String o11, String o12, String o21, boolean flag) {
        Config c = TestConfigs.config("""
                %s
                experiments:
                  experiment1:
                    roles:
                      role1: {%s}
                      role2: {%s}
                  experiment2:
                    roles:
                      role1: {%s}
                """.formatted(global, o(o11), o(o12), o(o21)));
        return NotificationPolicy.resolve(c, ServiceSelector.select(c, "", ""), flag);
    }

    private static String o(String value) {
        return value.isEmpty() ? "" : "disableNotificationsOverride: " + value;
    }

    private static void expect(NotificationPolicy p, boolean blockAdmin, Set<String> disabled) {
        assertEquals(blockAdmin, p.adminBlocked());
        assertEquals(disabled, p.disabledServices());
    }

    @Test
    void theSevenCasesOfTheSpec() {
        expect(resolve("disableNotifications: false", "", "", "", false), false, Set.of());
        expect(resolve("disableNotifications: false", "false", "false", "false", false), false, Set.of());
        expect(resolve("disableNotifications: true", "", "", "", false), true, ALL);
        expect(resolve("disableNotifications: true", "true", "true", "true", false), true, ALL);
        expect(resolve("disableNotifications: false", "", "true", "", false), false, Set.of("experiment1_role2"));
        expect(
                resolve("disableNotifications: true", "", "false", "", false),
                false,
                Set.of("experiment1_role1", "experiment2_role1"));
    }

    @Test
    void anOverriddenServiceIsKeyedByItsConfigName() {
        Config c = TestConfigs.config("""
                experiments:
                  experiment-override:
                    experimentOverride: experiment1
                    roles:
                      role1: {disableNotificationsOverride: true}
                """);
        NotificationPolicy p = NotificationPolicy.resolve(c, ServiceSelector.select(c, "", ""), false);
        expect(p, false, Set.of("experiment-override_role1"));
    }

    @Test
    void theFlagWinsOverConfigurationFalse() {
        NotificationPolicy p = resolve("disableNotifications: false", "false", "", "", true);
        expect(p, true, ALL);
        assertEquals(Optional.of(NotificationPolicy.DisabledBy.FLAG), p.disabledBy());
        assertEquals("flag", p.disabledBy().orElseThrow().toString());
    }

    @Test
    void disabledByConfigurationIsRecorded() {
        assertEquals(
                "configuration",
                resolve("disableNotifications: true", "", "", "", false)
                        .disabledBy()
                        .orElseThrow()
                        .toString());
        assertFalse(resolve("", "", "", "", false).disabledBy().isPresent());
    }

    @Test
    void serviceDisabledLooksAtTheConfigName() {
        NotificationPolicy p = resolve("disableNotifications: false", "", "true", "", false);
        assertTrue(p.serviceDisabled(ServiceName.of("experiment1", "role2")));
        assertFalse(p.serviceDisabled(ServiceName.of("experiment1", "role1")));
        assertEquals(List.of("experiment1_role2"), List.copyOf(p.disabledServices()));
    }

    @Test
    void prometheusJobNames() {
        assertEquals("managed_tokens", new PrometheusSettings("", "").effectiveJobName("production"));
        assertEquals("myjobname", new PrometheusSettings("", "myjobname").effectiveJobName("production"));
        assertEquals("managed_tokens_test", new PrometheusSettings("", "").effectiveJobName("test"));
        assertEquals("myjobname_test", new PrometheusSettings("", "myjobname").effectiveJobName("test"));
    }
}
