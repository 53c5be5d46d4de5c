package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            experiments:
              dune:
                roles:
                  production:
                    account: dunepro
                    destinationNodes: [node1]
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of());

    @Test
    void anExplicitExistingFileIsUsed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("elsewhere.yml"), MINIMAL);
        Path decoy = Files.createDirectories(dir.resolve("search"));
        Files.writeString(decoy.resolve("managedTokens.yml"), "experiments: {}\n");
        LoadedConfig loaded = loader.load(file, new ConfigSearch(List.of(decoy)));
        assertEquals(file, loaded.file());
        assertEquals(List.of("dune_production"), configNames(loaded));
    }

    @Test
    void withoutAFlagTheSearchPathFindsManagedTokensYml(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("etc"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("managedTokens.yml"), MINIMAL);
        LoadedConfig loaded = loader.load(null, new ConfigSearch(List.of(empty, home)));
        assertEquals(home.resolve("managedTokens.yml"), loaded.file());
    }

    @Test
    void aHugeFileIsRefusedBeforeItIsReadWithOneLineNamingItAndTheLimit(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("managedTokens.yml");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(200L << 20); // sparse: 200 MB of zeros that take no disk and, read whole, 200 MB of heap
        }
        long start = System.nanoTime();
        ConfigFileException e =
                assertThrows(ConfigFileException.class, () -> loader.load(huge, new ConfigSearch(List.of())));
        assertEquals(ConfigFileException.Reason.TOO_LARGE, e.reason());
        assertEquals(
                huge + ": the configuration file holds 209715200 bytes, over the limit of 1048576 bytes (1 MiB);"
                        + " check that -c names the configuration and not another file",
                e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refusing took more than 5 s");
    }

    @Test
    void anEndlessStreamIsCutAtTheLimitNotReadToTheEnd() {
        // A device (or a FIFO) has no size to check first: only the bounded read stops it.
        Path endless = Path.of("/dev/zero");
        ConfigFileException e =
                assertThrows(ConfigFileException.class, () -> loader.load(endless, new ConfigSearch(List.of())));
        assertEquals(ConfigFileException.Reason.TOO_LARGE, e.reason());
        assertTrue(
                e.getMessage().startsWith("/dev/zero: the configuration file holds more than 1048576 bytes"),
                e.getMessage());
    }

    @Test
    void aFileJustAtTheLimitIsRead(@TempDir Path dir) throws Exception {
        String padding = "#".repeat(ConfigLoader.MAX_CONFIG_BYTES - MINIMAL.length() - 1) + "\n";
        Path file = Files.writeString(dir.resolve("managedTokens.yml"), MINIMAL + padding);
        assertEquals(ConfigLoader.MAX_CONFIG_BYTES, Files.size(file));
        assertEquals(List.of("dune_production"), configNames(loader.load(file, new ConfigSearch(List.of()))));
    }

    @Test
    void anExplicitMissingFileIsANotFoundError(@TempDir Path dir) {
        ConfigFileException e = assertThrows(
                ConfigFileException.class, () -> loader.load(dir.resolve("nope.yml"), new ConfigSearch(List.of())));
        assertEquals(ConfigFileException.Reason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().startsWith(dir.resolve("nope.yml") + ": no such file"), e.getMessage());
    }

    @Test
    void nothingFoundNamesThePlacesSearched(@TempDir Path dir) {
        ConfigFileException e =
                assertThrows(ConfigFileException.class, () -> loader.load(null, new ConfigSearch(List.of(dir))));
        assertEquals(ConfigFileException.Reason.NOT_FOUND, e.reason());
        assertNull(e.file());
        assertTrue(e.getMessage().contains(dir + "/"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void searchOrderIsDirectoriesFirstThenViperExtensionsThenOurName(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(second.resolve("managedTokens.json"), "{}");
        Files.writeString(first.resolve("managed-tokens.yml"), MINIMAL);
        Files.writeString(first.resolve("managedTokens.yml"), MINIMAL);
        Files.writeString(first.resolve("managedTokens.yaml"), MINIMAL);
        ConfigSearch search = new ConfigSearch(List.of(first, second));
        assertEquals(Optional.of(first.resolve("managedTokens.yaml")), search.find());
        Files.writeString(first.resolve("managedTokens.json"), "{}");
        assertEquals(Optional.of(first.resolve("managedTokens.json")), search.find());
        Files.delete(first.resolve("managedTokens.json"));
        Files.delete(first.resolve("managedTokens.yaml"));
        Files.delete(first.resolve("managedTokens.yml"));
        assertEquals(Optional.of(first.resolve("managed-tokens.yml")), search.find());
        Files.createDirectories(first.resolve("managedTokens.json")); // a directory is not a config file
        assertEquals(Optional.of(first.resolve("managed-tokens.yml")), search.find());
    }

    @Test
    void aFormatTheGoServiceWouldReadButWeDoNotIsRefusedNotSkipped(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("managedTokens.toml"), "x = 1\n");
        Files.writeString(dir.resolve("managedTokens.yml"), MINIMAL);
        ConfigFileException e = assertThrows(ConfigFileException.class, () -> new ConfigSearch(List.of(dir)).find());
        assertEquals(ConfigFileException.Reason.UNSUPPORTED_FORMAT, e.reason());
        assertThrows(
                ConfigFileException.class,
                () -> loader.load(dir.resolve("managedTokens.toml"), new ConfigSearch(List.of())));
    }

    @Test
    void theStandardSearchUsesHomeFromTheGivenEnvironment() {
        ConfigSearch s = ConfigSearch.standard(Map.of("HOME", "/home/op"), Path.of("/work"));
        assertEquals(
                List.of(Path.of("/etc/managed-tokens"), Path.of("/home/op/.managed-tokens"), Path.of("/work")),
                s.directories());
        assertEquals(
                List.of(Path.of("/etc/managed-tokens"), Path.of("/work")),
                ConfigSearch.standard(Map.of("HOME", ""), Path.of("/work")).directories());
    }

    @Test
    void jsonFilesAreReadAsJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("managedTokens.json"), """
                {"experiments": {"Dune": {"roles": {"Production": {"account": "dunepro",
                 "destinationNodes": ["n1"], "desiredUIDOverride": 12345}}}},
                 "workerType": {"pushTokens": {"numRetries": 41.99999999999999, "retrySleep": "0s"}}}
                """);
        LoadedConfig loaded = loader.load(file, new ConfigSearch(List.of()));
        assertEquals(List.of(), loaded.problems());
        Config c = loaded.config().orElseThrow();
        assertEquals(List.of("dune_production"), configNames(loaded));
        assertEquals(42, c.retries().of(WorkerType.PUSH_TOKENS).numRetries());
        ServiceSettings s = ServiceResolver.resolve(c, ServiceName.of("dune", "production"));
        assertEquals(12345L, s.desiredUidOverride().getAsLong());
    }

    @Test
    void keysAreCaseInsensitiveAndValuesKeepTheirCase() {
        Config c = TestConfigs.config("""
                EMAIL:
                  SMTPHOST: Mail.Example.COM
                  smtpport: 2525
                Notifications:
                  slack_alerts_url: https://hooks/X
                """);
        assertEquals("Mail.Example.COM", c.email().smtpHost());
        assertEquals(2525, c.email().smtpPort());
        assertEquals("https://hooks/X", c.notifications().normal().slackAlertsUrl());
    }

    @Test
    void aKeyWithoutValueIsNotSetSoTheDefaultApplies() {
        Config c = TestConfigs.config("""
                dbLocation:
                minTokenLifetime: ~
                notifications:
                  admin_email:
                """);
        assertEquals(Config.DEFAULT_DB_LOCATION, c.dbLocation());
        assertEquals("10s", c.minTokenLifetime());
        assertEquals(List.of("fife-group@fnal.gov"), c.notifications().normal().adminEmails());
    }

    @Test
    void anEmptyDbLocationIsKeptAsInGo() {
        assertEquals("", TestConfigs.config("dbLocation: \"\"\n").dbLocation());
    }

    @Test
    void globalDefaultsMatchTheGoService() {
        Config c = TestConfigs.config("{}\n");
        assertEquals(Config.PRODUCTION, c.devEnvironmentLabel());
        assertEquals("/var/lib/managed-tokens/uid.db", c.dbLocation());
        assertEquals(0, c.errorCountToSendMessage());
        assertEquals("10s", c.minTokenLifetime());
        assertFalse(c.disableNotifications());
        assertEquals(Timeouts.DEFAULTS, c.timeouts());
        assertEquals(1, c.storerConcurrency());
        assertEquals(32, c.maxConcurrentProcesses());
        assertEquals(
                List.of("fife-group@fnal.gov"), c.notifications().forRun(false).adminEmails());
        assertEquals(List.of(), c.notifications().forRun(true).adminEmails());
        assertEquals("", c.prometheus().host());
        assertEquals(java.time.Duration.ofSeconds(1), c.loki().responseHeaderTimeout());
        assertFalse(c.tracing().enabled());
        assertEquals(LogFiles.NONE, c.logFiles("token-push"));
        assertEquals(0, c.ferry().port());
        assertTrue(c.experiments().isEmpty());
    }

    @Test
    void lenientConversionsFollowSpf13Cast() {
        Config c = TestConfigs.config("""
                errorCountToSendMessage: "3"
                email:
                  smtpPort: "25"
                  from: 12345
                ferry:
                  port: 8445.0
                notifications:
                  admin_email: "a@x b@y"
                disableNotifications: "True"
                """);
        assertEquals(3, c.errorCountToSendMessage());
        assertEquals(25, c.email().smtpPort());
        assertEquals("12345", c.email().from());
        assertEquals(8445, c.ferry().port());
        assertEquals(List.of("a@x", "b@y"), c.notifications().normal().adminEmails());
        assertTrue(c.disableNotifications());
    }

    @Test
    void theEnvironmentIsInjectedAndAnEmptyVariableCountsAsUnset() {
        String yaml = "devEnvironmentLabel: fromconfig\nORIG_HTGETTOKENOPTS: fromfile\n";
        Config env = TestConfigs.config(
                yaml,
                Map.of(
                        "MANAGED_TOKENS_DEV_ENVIRONMENT_LABEL",
                        "fromenv",
                        "HTGETTOKENOPTS",
                        "--x",
                        "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS",
                        "-a v"));
        assertEquals("fromenv", env.devEnvironmentLabel());
        assertEquals(Optional.of("--x"), env.origHtgettokenOpts());
        assertEquals(Optional.of("-a v"), env.condorGettokenOpts());
        Config empty = TestConfigs.config(
                yaml,
                Map.of(
                        "MANAGED_TOKENS_DEV_ENVIRONMENT_LABEL",
                        "",
                        "HTGETTOKENOPTS",
                        "",
                        "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS",
                        ""));
        assertEquals("fromconfig", empty.devEnvironmentLabel());
        assertEquals(Optional.of("fromfile"), empty.origHtgettokenOpts());
        assertEquals(Optional.empty(), empty.condorGettokenOpts());
    }

    @Test
    void refreshUidsAccountsComeFromEveryRoleInOrder() {
        Config c = TestConfigs.config("""
                experiments:
                  b:
                    roles:
                      r1: {account: shared}
                  a:
                    roles:
                      r2: {account: shared}
                      r1: {}
                """);
        assertEquals(List.of("", "shared", "shared"), c.accounts());
    }

    @Test
    void newKeysAreRead() {
        Config c = TestConfigs.config("storerConcurrency: 16\nmaxConcurrentProcesses: 64\n");
        assertEquals(16, c.storerConcurrency());
        assertEquals(64, c.maxConcurrentProcesses());
    }

    @Test
    void yamlAnchorsAliasesAndMergeKeysAreResolvedAsViperDoes() {
        LoadedConfig loaded = TestConfigs.load("""
                experiments:
                  e:
                    roles:
                      r: &common
                        account: shared
                        destinationNodes: [n1]
                      s:
                        <<: *common
                        account: own
                      t: *common
                """);
        assertEquals(List.of(), loaded.problems());
        Config c = loaded.config().orElseThrow();
        assertEquals(List.of("shared", "own", "shared"), c.accounts());
        assertEquals(
                List.of("n1"),
                ServiceResolver.resolve(c, ServiceName.of("e", "s")).destinationNodes());
    }

    @Test
    void yamlYesAndNoAreNotBooleansAsForTheGoService() {
        LoadedConfig loaded = TestConfigs.load("disableNotifications: yes\n");
        assertTrue(loaded.hasErrors());
        assertTrue(
                loaded.errors().get(0).problem().contains("reads it as false"),
                loaded.errors().toString());
        assertFalse(loaded.config().orElseThrow().disableNotifications());
    }

    @Test
    void onlyTheFirstYamlDocumentIsRead() {
        LoadedConfig loaded = TestConfigs.load("dbLocation: /a\n---\ndbLocation: /b\n");
        assertEquals("/a", loaded.config().orElseThrow().dbLocation());
        assertEquals(1, loaded.warnings().size());
        assertEquals(3, loaded.warnings().get(0).line());
    }

    @Test
    void aFileThatIsNotAMapHasNoConfig() {
        LoadedConfig loaded = TestConfigs.load("- a\n- b\n");
        assertTrue(loaded.config().isEmpty());
        assertTrue(loaded.hasErrors());
        assertTrue(TestConfigs.load("").config().isPresent());
    }

    private static List<String> configNames(LoadedConfig loaded) {
        return loaded.config().orElseThrow().services().stream()
                .map(ServiceName::configName)
                .toList();
    }
}
