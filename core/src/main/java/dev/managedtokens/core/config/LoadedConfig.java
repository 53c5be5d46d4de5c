package dev.managedtokens.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A loaded file: the configuration (absent only when the file is not well-formed YAML or JSON) and every problem
 * found in it, in file order.
 */
public record LoadedConfig(Path file, Optional<Config> config, List<ConfigProblem> problems) {

    public LoadedConfig {
        problems = problems.stream().sorted(ConfigProblem.IN_FILE_ORDER).toList();
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(ConfigProblem::isError);
    }

    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /**
     * This file, with one more error when it is readable but yields no service
     * ({@code experiments.<experiment>.roles.<role>}): for commands that exist to run services.
     */
    public LoadedConfig requiringServices() {
        if (config.isEmpty()) {
            return this;
        }
        return ConfigValidator.noService(config.get().tree(), config.get())
                .map(d -> new LoadedConfig(
                        file,
                        config,
                        Stream.concat(problems.stream(), Stream.of(d.in(file))).toList()))
                .orElse(this);
    }

    /** The configuration when there is no error; otherwise an exception whose message is the first error's line. */
    public Config configOrThrow() {
        if (hasErrors() || config.isEmpty()) {
            String first =
                    errors().isEmpty() ? file + ": unreadable" : errors().get(0).render();
            int more = errors().size() - 1;
            throw new IllegalStateException(
                    first + (more > 0 ? " (and " + more + " more; run --validate-config)" : ""));
        }
        return config.get();
    }
}
