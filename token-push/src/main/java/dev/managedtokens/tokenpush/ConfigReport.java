package dev.managedtokens.tokenpush;

import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ConfigProblem;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.config.ServiceSelector;
import dev.managedtokens.core.config.ServiceSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;

/** {@code --validate-config}: every problem of the file, one line each, or a one-line summary of a good file. */
final class ConfigReport {

    private ConfigReport() {}

    static int print(LoadedConfig file, PrintWriter out, PrintWriter err) {
        // A file that yields no service passes as a file of settings, but token-push would have nothing to do.
        LoadedConfig loaded = file.requiringServices();
        for (ConfigProblem p : loaded.problems()) {
            err.println(p.render());
        }
        err.flush();
        if (loaded.hasErrors()) {
            err.println(loaded.file() + ": " + loaded.errors().size() + " error(s), "
                    + loaded.warnings().size() + " warning(s)");
            err.flush();
            return ExitStatus.SETUP_FAILED.code();
        }
        Config config = loaded.configOrThrow();
        List<ServiceSettings> services = ServiceSelector.select(config, null, null);
        TreeSet<String> nodes = new TreeSet<>();
        TreeSet<String> experiments = new TreeSet<>();
        services.forEach(s -> {
            nodes.addAll(s.destinationNodes());
            experiments.add(s.service().experiment());
        });
        out.printf(
                "%s: valid: %d service(s), %d node(s), %d experiment(s)%s%n",
                loaded.file(),
                services.size(),
                nodes.size(),
                experiments.size(),
                loaded.warnings().isEmpty() ? "" : ", " + loaded.warnings().size() + " warning(s)");
        out.flush();
        return ExitStatus.OK.code();
    }
}
