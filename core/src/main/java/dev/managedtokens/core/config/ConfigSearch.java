package dev.managedtokens.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where to look for the configuration when no file is given: the Go service's directories in its order, and in each
 * the base name {@code managedTokens} with viper's extension order, then our own {@code managed-tokens.yml}.
 */
public record ConfigSearch(List<Path> directories) {

    public static final String BASE_NAME = "managedTokens";
    public static final String OUR_NAME = "managed-tokens.yml";
    /** viper's order; we read the JSON and YAML ones and refuse to silently skip the others. */
    static final List<String> VIPER_EXTENSIONS = List.of(
            "json", "toml", "yaml", "yml", "properties", "props", "prop", "hcl", "tfvars", "dotenv", "env", "ini");

    static final Set<String> READABLE = Set.of("json", "yaml", "yml");

    public ConfigSearch {
        directories = List.copyOf(directories);
    }

    /** {@code /etc/managed-tokens/}, {@code $HOME/.managed-tokens/} (when HOME is set), then the working directory. */
    public static ConfigSearch standard(Map<String, String> environment, Path workingDirectory) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(Path.of("/etc/managed-tokens"));
        String home = environment.get("HOME");
        if (home != null && !home.isEmpty()) {
            dirs.add(Path.of(home, ".managed-tokens"));
        }
        dirs.add(workingDirectory);
        return new ConfigSearch(dirs);
    }

    /** The first existing regular file, in directory order, then file-name order. */
    public Optional<Path> find() throws ConfigFileException {
        for (Path dir : directories) {
            for (String ext : VIPER_EXTENSIONS) {
                Path candidate = dir.resolve(BASE_NAME + "." + ext);
                if (Files.isRegularFile(candidate)) {
                    if (!READABLE.contains(ext)) {
                        throw new ConfigFileException(
                                ConfigFileException.Reason.UNSUPPORTED_FORMAT,
                                candidate,
                                candidate + ": the Go service would read this " + ext.toUpperCase(Locale.ROOT)
                                        + " file, but only JSON and YAML are read here; convert it to "
                                        + BASE_NAME + ".json or .yml, or give a file with -c");
                    }
                    return Optional.of(candidate);
                }
            }
            Path ours = dir.resolve(OUR_NAME);
            if (Files.isRegularFile(ours)) {
                return Optional.of(ours);
            }
        }
        return Optional.empty();
    }

    /** The places searched, for the "not found" message. */
    public String describe() {
        List<String> names = directories.stream()
                .map(d -> d.toString().endsWith("/") ? d.toString() : d + "/")
                .toList();
        return String.join(", ", names) + " (" + BASE_NAME + ".json, .yaml, .yml or " + OUR_NAME + ")";
    }
}
