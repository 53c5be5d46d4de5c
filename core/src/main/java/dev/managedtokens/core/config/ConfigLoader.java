package dev.managedtokens.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds, reads and validates the configuration file. The environment is passed in (never read from the process here)
 * so that tests and both executables decide what the configuration sees.
 */
public final class ConfigLoader {

    /** 1 MiB: a real configuration is a few kilobytes; anything near this is the wrong file. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;

    private final Map<String, String> environment;

    /** @param environment at least the variables named in {@link Config} ({@code HTGETTOKENOPTS}, ...) if set */
    public ConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * Loads {@code explicitOrNull} if given (it must exist), else the first file {@code search} finds. A file that is
     * not well-formed gives a result without a config and with the syntax problem; every other problem is listed
     * alongside a config built the way the Go service would have read it.
     */
    public LoadedConfig load(Path explicitOrNull, ConfigSearch search) throws ConfigFileException {
        Path file = explicitOrNull != null
                ? explicitOrNull
                : search.find()
                        .orElseThrow(
                                () -> new ConfigFileException(
                                        ConfigFileException.Reason.NOT_FOUND,
                                        null,
                                        "no configuration file found in " + search.describe()
                                                + "; create one (see config/managed-tokens.yml) or give it with -c/--configfile"));
        String text;
        try {
            text = readBounded(file);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(
                    ConfigFileException.Reason.NOT_FOUND,
                    file,
                    file + ": no such file; give an existing configuration file with -c/--configfile");
        } catch (IOException e) {
            throw new ConfigFileException(
                    ConfigFileException.Reason.UNREADABLE,
                    file,
                    file + ": cannot read the configuration file (" + e.getMessage()
                            + "); check that it is a readable file");
        }
        return parse(file, text, format(file));
    }

    /**
     * The file's text, refused past {@link #MAX_CONFIG_BYTES}. The size is checked before reading, and the read
     * itself stops one byte past the limit, so a file that grows meanwhile, a FIFO or a device cannot fill the heap.
     */
    static String readBounded(Path file) throws IOException, ConfigFileException {
        if (Files.isRegularFile(file) && Files.size(file) > MAX_CONFIG_BYTES) {
            throw tooLarge(file, Files.size(file) + " bytes");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw tooLarge(file, "more than " + MAX_CONFIG_BYTES + " bytes");
        }
        // Malformed UTF-8 is refused, as Files.readString refuses it.
        return StandardCharsets.UTF_8
                .newDecoder()
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private static ConfigFileException tooLarge(Path file, String size) {
        return new ConfigFileException(
                ConfigFileException.Reason.TOO_LARGE,
                file,
                file + ": the configuration file"
                        + " holds " + size + ", over the limit of " + MAX_CONFIG_BYTES + " bytes (1 MiB); check that -c"
                        + " names the configuration and not another file");
    }

    /** Reads configuration text as if it came from {@code file} (used by tests and by the loader). */
    LoadedConfig parse(Path file, String text, ConfigTreeReader.Format format) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigTree tree;
        try {
            tree = new ConfigTree(ConfigTreeReader.read(text, format, d -> problems.add(d.in(file))));
        } catch (ConfigSyntaxException e) {
            problems.add(new ConfigProblem(
                    file,
                    e.location().line(),
                    e.location().column(),
                    "",
                    ConfigProblem.Severity.ERROR,
                    "not valid " + format + ": " + e.getMessage(),
                    "fix the syntax at this place (nothing after it was read)"));
            return new LoadedConfig(file, Optional.empty(), problems);
        }
        Config config = ConfigReader.read(file, tree, environment);
        ConfigValidator.validate(tree, config).forEach(d -> problems.add(d.in(file)));
        return new LoadedConfig(file, Optional.of(config), problems);
    }

    static ConfigTreeReader.Format format(Path file) throws ConfigFileException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (ext.equals("json")) {
            return ConfigTreeReader.Format.JSON;
        }
        if (ConfigSearch.VIPER_EXTENSIONS.contains(ext) && !ConfigSearch.READABLE.contains(ext)) {
            throw new ConfigFileException(
                    ConfigFileException.Reason.UNSUPPORTED_FORMAT,
                    file,
                    file + ": ." + ext + " files are not read here; convert the configuration to YAML or JSON");
        }
        return ConfigTreeReader.Format.YAML; // .yml, .yaml, or no known extension: YAML also reads JSON
    }
}
