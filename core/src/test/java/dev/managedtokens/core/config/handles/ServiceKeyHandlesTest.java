package dev.managedtokens.core.config.handles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.ConfigKeys;
import dev.managedtokens.core.config.ConfigLoader;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceResolver;
import dev.managedtokens.core.config.ServiceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-service keys' handles, used the way code of another module uses them: this test is in a package of its own
 * so that it compiles only through the public surface ({@code ConfigKeys}' public handles, {@code ServiceSettings}'
 * typed reads), and the files go through the real loader and resolver. The typed read must give what the grouped
 * component gives, at every level of the precedence.
 */
class ServiceKeyHandlesTest {

    @TempDir
    Path dir;

    /** A file with the given top-level YAML and the given role-level YAML (both unindented), resolved for e_r. */
    private ServiceSettings resolve(String global, String role) throws Exception {
        StringBuilder yaml = new StringBuilder(global).append('\n');
        yaml.append("experiments:\n  e:\n    roles:\n      r:\n");
        yaml.append("        account: acct\n        destinationNodes: [node1]\n");
        role.lines().forEach(l -> yaml.append("        ").append(l).append('\n'));
        Path file = Files.writeString(dir.resolve("managedTokens.yml"), yaml);
        LoadedConfig loaded = new ConfigLoader(Map.of()).load(file, null);
        assertEquals(List.of(), loaded.problems(), yaml::toString);
        return ServiceResolver.resolve(loaded.configOrThrow(), ServiceName.of("e", "r"));
    }

    @Test
    void disableNotificationsReadsAsItsGroupedComponentAtEveryLevel() throws Exception {
        // role override over the global key, the global key, an override with no value, nothing (the default)
        List<ServiceSettings> cases = List.of(
                resolve("disableNotifications: true", "disableNotificationsOverride: false"),
                resolve("disableNotifications: false", "disableNotificationsOverride: true"),
                resolve("disableNotifications: true", ""),
                resolve("disableNotifications: true", "disableNotificationsOverride:"),
                resolve("", ""));
        List<Boolean> expected = List.of(false, true, true, true, false);
        for (int i = 0; i < cases.size(); i++) {
            ServiceSettings s = cases.get(i);
            assertEquals(expected.get(i), s.value(ConfigKeys.DISABLE_NOTIFICATIONS), "case " + i);
            assertEquals(s.notificationsDisabled(), s.value(ConfigKeys.DISABLE_NOTIFICATIONS), "case " + i);
            assertEquals(Optional.of(expected.get(i)), s.find(ConfigKeys.DISABLE_NOTIFICATIONS), "case " + i);
        }
    }

    @Test
    void condorScheddConstraintReadsAsItsGroupedComponentAtEveryLevel() throws Exception {
        List<ServiceSettings> cases = List.of(
                resolve("condorScheddConstraint: global", "condorScheddConstraintOverride: role"),
                resolve("", "condorScheddConstraintOverride: role"),
                resolve("condorScheddConstraint: global", ""),
                resolve("condorScheddConstraint: global", "condorScheddConstraintOverride:"),
                resolve("", ""));
        List<Optional<String>> expected = List.of(
                Optional.of("role"),
                Optional.of("role"),
                Optional.of("global"),
                Optional.of("global"),
                Optional.empty());
        for (int i = 0; i < cases.size(); i++) {
            ServiceSettings s = cases.get(i);
            assertEquals(expected.get(i), s.find(ConfigKeys.CONDOR_SCHEDD_CONSTRAINT), "case " + i);
            assertEquals(s.scheddConstraint(), s.find(ConfigKeys.CONDOR_SCHEDD_CONSTRAINT), "case " + i);
        }
    }

    /** A key without a default may be unset, so value() refuses it even where it is set: the mistake shows at once. */
    @Test
    void valueOfAKeyWithoutADefaultIsRefusedNamingTheKey() throws Exception {
        ServiceSettings s = resolve("condorScheddConstraint: global", "");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> s.value(ConfigKeys.CONDOR_SCHEDD_CONSTRAINT));
        assertTrue(e.getMessage().startsWith("condorScheddConstraint has no default"), e.getMessage());
        assertTrue(e.getMessage().contains("find"), e.getMessage());
    }

    /** Settings built by hand with the ten-argument constructor read every key as if the file set none. */
    @Test
    void settingsBuiltWithoutKeyValuesReadTheDefaults() throws Exception {
        ServiceSettings r = resolve("disableNotifications: true\ncondorScheddConstraint: global", "");
        ServiceSettings byHand = new ServiceSettings(
                r.service(),
                r.configured(),
                r.account(),
                r.desiredUidOverride(),
                r.kerberos(),
                r.condor(),
                r.push(),
                r.ping(),
                r.notifications(),
                r.problems());
        assertEquals(false, byHand.value(ConfigKeys.DISABLE_NOTIFICATIONS));
        assertEquals(Optional.empty(), byHand.find(ConfigKeys.CONDOR_SCHEDD_CONSTRAINT));
        assertEquals(true, r.value(ConfigKeys.DISABLE_NOTIFICATIONS));
    }
}
