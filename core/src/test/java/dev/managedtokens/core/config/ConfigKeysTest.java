package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.ConfigKey.Kind;
import dev.managedtokens.core.text.GoDuration;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The registry is the only list of keys: whatever is declared in {@link ConfigKeys} is accepted by the validator
 * where it may be written, refused (with its place) where it may not, and read back through the one lookup the reader
 * and the resolver use. Nothing here names a key, so a key added to the registry is covered by one declaration.
 */
class ConfigKeysTest {

    private static final ServiceName SERVICE = ServiceName.of("e", "r");

    /** Keys that hold values; flags and ignored keys are only ever reported. */
    private static List<ConfigKey<?>> valueKeys() {
        return ConfigKeys.keys().stream()
                .filter(k -> k.kind() != Kind.FLAG && k.kind() != Kind.NO_EFFECT)
                .toList();
    }

    @Test
    void everyDeclarationIsInTheRegistryOnceAndEveryNameIsUniqueWhereItIsWritten() throws Exception {
        Set<Object> declared = new HashSet<>();
        for (Field f : ConfigKeys.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && (ConfigEntry.class.isAssignableFrom(f.getType())
                            || ServiceKey.class.isAssignableFrom(f.getType()))) {
                f.setAccessible(true);
                declared.add(f.get(null));
            }
        }
        declared.addAll(ConfigKeys.FLAGS);
        assertEquals(declared, new HashSet<>(ConfigKeys.ALL), "every declaration registers itself, and only those");
        for (ConfigScope scope : ConfigScope.values()) {
            List<String> names = ConfigKeys.section(scope).names().stream()
                    .map(scope::normalise)
                    .toList();
            assertEquals(names.size(), new HashSet<>(names).size(), scope + " holds a name twice: " + names);
        }
    }

    @Test
    void everyKeyIsAcceptedWhereverItMayBeWrittenAndReadBackFromThere() {
        int checked = 0;
        for (ConfigKey<?> key : valueKeys()) {
            for (ConfigScope place : ConfigKeys.placesOf(key)) {
                Map<String, Object> file = minimalFile();
                List<String> section = pathTo(place);
                String written = key.nameIn(place);
                put(file, section, written, new Raw(sample(key)));
                String yaml = yaml(file);
                LoadedConfig loaded = TestConfigs.load(yaml);
                assertEquals(List.of(), loaded.problems(), written + " " + place.where() + ":\n" + yaml);
                ConfigTree tree = loaded.config().orElseThrow().tree();

                Optional<?> read;
                if (place == ConfigScope.GLOBAL || place == ConfigScope.EXPERIMENT || place == ConfigScope.ROLE) {
                    ConfigKey.Found found = key.locate(tree, SERVICE).orElseThrow(() -> new AssertionError(written));
                    assertEquals(ConfigScope.append(section, written), found.path());
                    assertEquals(place, found.scope());
                    read = key.forService(tree, SERVICE);
                } else {
                    read = key.value(tree, section);
                }
                assertTrue(read.isPresent(), written + " reads as unset");
                assertNotEquals(key.defaultValue(), read, written + " " + place.where() + " read its default");
                checked++;
            }
        }
        assertTrue(checked > 60, "only " + checked + " keys checked");
    }

    @Test
    void everyKeyTakesItsDefaultWhenItIsWrittenNowhere() {
        ConfigTree tree = TestConfigs.config(yaml(minimalFile())).tree();
        for (ConfigKey<?> key : valueKeys()) {
            if (key == ConfigKeys.ACCOUNT || key == ConfigKeys.DESTINATION_NODES) {
                continue; // the minimal file's role needs them
            }
            Set<ConfigScope> places = ConfigKeys.placesOf(key);
            Optional<?> read = places.contains(ConfigScope.GLOBAL)
                            || places.contains(ConfigScope.ROLE)
                            || places.contains(ConfigScope.EXPERIMENT)
                    ? key.forService(tree, SERVICE)
                    : key.value(tree, pathTo(key.home()));
            assertEquals(key.defaultValue(), read, key.name());
        }
    }

    /**
     * The service's settings read every per-service key as its own lookup does, written nowhere and written at each
     * level it may be written at: a key declared later is resolved for {@link ServiceSettings#find} without a line of
     * its own in the resolver.
     */
    @Test
    void theServiceSettingsReadEveryPerServiceKeyAsItsLookupDoes() {
        List<ConfigKey<?>> perService =
                valueKeys().stream().filter(ConfigKey::perService).toList();
        Config bare = TestConfigs.config(yaml(minimalFile()));
        ServiceSettings unset = ServiceResolver.resolve(bare, SERVICE);
        int checked = 0;
        for (ConfigKey<?> key : perService) {
            assertEquals(key.forService(bare.tree(), SERVICE), unset.find(key), key.name() + " written nowhere");
            for (ConfigScope place : ConfigKeys.placesOf(key)) {
                Map<String, Object> file = minimalFile();
                String written = key.nameIn(place);
                put(file, pathTo(place), written, new Raw(sample(key)));
                Config config = TestConfigs.config(yaml(file));
                Optional<?> read = ServiceResolver.resolve(config, SERVICE).find(key);
                assertEquals(key.forService(config.tree(), SERVICE), read, written + " " + place.where());
                assertTrue(read.isPresent(), written + " " + place.where() + " reads as unset");
                assertNotEquals(key.defaultValue(), read, written + " " + place.where() + " read its default");
                checked++;
            }
        }
        assertTrue(checked > 25, "only " + checked + " per-service keys and places checked");
    }

    /** A key read outside this package by its declaration is a public handle; nothing else of the registry is public. */
    @Test
    void theOnlyPublicDeclarationsAreHandlesOfPerServiceKeys() throws Exception {
        int handles = 0;
        for (Field f : ConfigKeys.class.getDeclaredFields()) {
            boolean handle = f.getType() == ServiceKey.class;
            assertEquals(
                    handle, Modifier.isPublic(f.getModifiers()), f.getName() + ": a handle is public, and only it");
            if (handle) {
                ServiceKey<?> key = (ServiceKey<?>) f.get(null);
                assertTrue(ConfigKey.of(key).perService(), f.getName() + " is not per service");
                handles++;
            }
        }
        assertTrue(handles > 0, "no handle to check");
    }

    /** A key that is not per-service has no per-service value: asking for one is a mistake, named. */
    @Test
    void findRefusesAKeyThatIsNotPerService() {
        ServiceSettings s = ServiceResolver.resolve(TestConfigs.config(yaml(minimalFile())), SERVICE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.find(ConfigKeys.DB_LOCATION));
        assertTrue(e.getMessage().startsWith("dbLocation is not a per-service key"), e.getMessage());
    }

    /** Written where the registry does not allow it, a key is an unknown key there, reported at its line and column. */
    @Test
    void aKeyIsRefusedWithItsPlaceWhereverItMayNotBeWritten() {
        int checked = 0;
        for (ConfigScope place : ConfigScope.values()) {
            List<ConfigKey<?>> strangers = new ArrayList<>(valueKeys().stream()
                    .filter(k -> !ConfigKeys.placesOf(k).contains(place))
                    .toList());
            strangers.add(new ConfigKey<>(
                    "notAKeyAtAll",
                    Kind.STRING,
                    EnumSet.of(place),
                    Optional.empty(),
                    Optional.empty(),
                    n -> Optional.empty()));
            for (ConfigKey<?> key : strangers) {
                String written = key.nameIn(ConfigScope.GLOBAL);
                if (ConfigKeys.section(place).match(written).isPresent()) {
                    continue; // the same name is another key here (ferry's vaultServer, the sections' host)
                }
                Map<String, Object> file = minimalFile();
                put(file, pathTo(place), written, new Raw("1"));
                String yaml = yaml(file);
                List<String> lines = yaml.lines().toList();
                int line = 0;
                int column = 0;
                String indent = "  ".repeat(pathTo(place).size());
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).equals(indent + written + ": 1")) {
                        line = i + 1;
                        column = indent.length() + 1;
                    }
                }
                String at = TestConfigs.FILE + ":" + line + ":" + column + ": "
                        + String.join(".", ConfigScope.append(pathTo(place), written)) + ": warning: unknown key,"
                        + " ignored; ";
                List<String> rendered = TestConfigs.load(yaml).problems().stream()
                        .map(ConfigProblem::render)
                        .toList();
                assertEquals(1, rendered.size(), yaml + rendered);
                assertTrue(rendered.get(0).startsWith(at), rendered.get(0) + "\n  should start with\n" + at);
                checked++;
            }
        }
        assertTrue(checked > 200, "only " + checked + " misplaced keys checked");
    }

    /** The one precedence, shown on a key that may be written at every level: role, experiment, global, default. */
    @Test
    void aServiceValueComesFromTheRoleThenTheExperimentThenTheGlobalKeyThenTheDefault() {
        ConfigKey<String> key = new ConfigKey<>(
                "someSetting",
                Kind.STRING,
                EnumSet.of(ConfigScope.GLOBAL, ConfigScope.EXPERIMENT),
                Optional.of("someSettingOverride"),
                Optional.of("default"),
                n -> Optional.of(Cast.string(n).value()));
        String role = "experiments:\n  e:\n    %s\n    roles:\n      r:\n        account: a\n        %s\n";
        assertEquals(
                "role",
                key.forService(
                                TestConfigs.config("someSetting: global\n"
                                                + role.formatted(
                                                        "someSetting: experiment", "someSettingOverride: role"))
                                        .tree(),
                                SERVICE)
                        .orElseThrow());
        assertEquals(
                "experiment",
                key.forService(
                                TestConfigs.config("someSetting: global\n"
                                                + role.formatted("someSetting: experiment", "someSettingOverride:"))
                                        .tree(),
                                SERVICE)
                        .orElseThrow());
        assertEquals(
                "global",
                key.forService(
                                TestConfigs.config("someSetting: global\n" + role.formatted("other: 1", "other: 1"))
                                        .tree(),
                                SERVICE)
                        .orElseThrow());
        assertEquals(
                "default",
                key.forService(
                                TestConfigs.config(role.formatted("other: 1", "other: 1"))
                                        .tree(),
                                SERVICE)
                        .orElseThrow());
    }

    // --- building files from the registry alone

    /** A leaf written as is (YAML flow text). */
    private record Raw(String text) {}

    /** One service, so that per-service keys have a role to live in, and nothing else. */
    private static Map<String, Object> minimalFile() {
        Map<String, Object> file = new LinkedHashMap<>();
        List<String> role = pathTo(ConfigScope.ROLE);
        put(file, role, ConfigKeys.ACCOUNT.name(), new Raw("acct"));
        put(file, role, ConfigKeys.DESTINATION_NODES.name(), new Raw("[node1]"));
        return file;
    }

    /** Where a scope's keys go: the sections that open it, with the first known name (or e, r) for a map of names. */
    private static List<String> pathTo(ConfigScope scope) {
        if (scope == ConfigScope.GLOBAL) {
            return List.of();
        }
        ConfigSection s = ConfigKeys.ALL.stream()
                .filter(ConfigSection.class::isInstance)
                .map(ConfigSection.class::cast)
                .filter(c -> c.opens() == scope)
                .findFirst()
                .orElseThrow();
        List<String> path = new ArrayList<>(pathTo(s.in()));
        path.add(s.name());
        if (s.named()) {
            path.add(
                    !s.knownNames().isEmpty()
                            ? s.knownNames().get(0)
                            : scope == ConfigScope.EXPERIMENT ? SERVICE.experiment() : SERVICE.role());
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> file, List<String> path, String key, Object value) {
        Map<String, Object> at = file;
        for (String segment : path) {
            at = (Map<String, Object>) at.computeIfAbsent(segment, s -> new LinkedHashMap<String, Object>());
        }
        at.put(key, value);
    }

    private static String yaml(Map<String, Object> file) {
        StringBuilder out = new StringBuilder();
        emit(file, "", out);
        return out.length() == 0 ? "{}\n" : out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void emit(Map<String, Object> map, String indent, StringBuilder out) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() instanceof Raw raw) {
                out.append(indent)
                        .append(e.getKey())
                        .append(": ")
                        .append(raw.text())
                        .append('\n');
            } else {
                out.append(indent).append(e.getKey()).append(":\n");
                emit((Map<String, Object>) e.getValue(), indent + "  ", out);
            }
        }
    }

    /** A valid value of the key's kind that differs from its default. */
    private static String sample(ConfigKey<?> key) {
        return switch (key.kind()) {
            case STRING -> key == ConfigKeys.MIN_TOKEN_LIFETIME ? "3d" : "/srv/sample";
            case BOOL -> "true";
            case INT -> "7";
            case POSITIVE_INT -> "3";
            case UID -> "4321";
            case DURATION -> "2s";
            // One second under the default keeps every stage within the global timeout.
            case TIMEOUT -> GoDuration.format(((Duration) key.defaultValue().orElseThrow()).minusSeconds(1));
            case RETRIES -> "2";
            case STRING_LIST -> "[a, b]";
            case EMAIL_LIST -> "[someone@example.com]";
            case OPTIONS -> "\"--sample\"";
            case SSH_OPTIONS -> "\"A=b\"";
            case PRINCIPAL_TEMPLATE -> "\"{{.Account}}@SAMPLE\"";
            case ROLE_FILE_TEMPLATE -> "\"/tmp/sample_{{.Role}}\"";
            case TOKEN_GETTER -> "getToken";
            case ACCOUNT -> "sampleacct";
            case HOST_LIST -> "[sample-node]";
            case NAME_PART -> "sampleexp";
            case NO_EFFECT, FLAG -> throw new AssertionError(key.name() + " holds no value");
        };
    }
}
