package dev.managedtokens.core.config;

import java.nio.file.Path;
import java.util.Map;

/** Builds configurations from text for tests, through the same parse and validation as a file. */
final class TestConfigs {

    static final Path FILE = Path.of("/etc/managed-tokens/managedTokens.yml");

    private TestConfigs() {}

    static LoadedConfig load(String yaml) {
        return load(yaml, Map.of());
    }

    static LoadedConfig load(String yaml, Map<String, String> environment) {
        return new ConfigLoader(environment).parse(FILE, yaml, ConfigTreeReader.Format.YAML);
    }

    static LoadedConfig loadJson(String json) {
        return new ConfigLoader(Map.of()).parse(Path.of("managedTokens.json"), json, ConfigTreeReader.Format.JSON);
    }

    static Config config(String yaml) {
        return load(yaml).config().orElseThrow();
    }

    static Config config(String yaml, Map<String, String> environment) {
        return load(yaml, environment).config().orElseThrow();
    }

    static ServiceSettings service(String yaml, String service) {
        return service(yaml, service, Map.of());
    }

    static ServiceSettings service(String yaml, String service, Map<String, String> environment) {
        return ServiceResolver.resolve(config(yaml, environment), ServiceName.parse(service));
    }
}
