package dev.managedtokens.ferry;

import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ConfigProblem;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.ferry.run.FerrySettingsCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code --validate-config}: every problem of the file and of its {@code ferry} section for the chosen
 * {@code --authmethod}, one line each, or a one-line summary of a good file.
 */
final class ConfigReport {

    private ConfigReport() {}

    static int print(LoadedConfig loaded, AuthMethod method, PrintWriter out, PrintWriter err) {
        loaded.problems().forEach(p -> err.println(p.render()));
        List<String> ferry =
                loaded.config().map(c -> FerrySettingsCheck.problems(c, method)).orElse(List.of());
        ferry.forEach(err::println);
        err.flush();
        long errors = loaded.errors().size() + ferry.size();
        if (errors > 0) {
            err.println(loaded.file() + ": " + errors + " error(s), "
                    + loaded.warnings().size() + " warning(s)" + " (checked for --authmethod " + method + ")");
            err.flush();
            return ExitStatus.SETUP_FAILED.code();
        }
        Config config = loaded.configOrThrow();
        int accounts = new TreeSet<>(
                        config.accounts().stream().filter(a -> !a.isBlank()).toList())
                .size();
        out.printf(
                "%s: valid for --authmethod %s: %d account(s) to refresh from FERRY at %s:%d%s%n",
                loaded.file(),
                method,
                accounts,
                config.ferry().host(),
                config.ferry().port(),
                loaded.warnings().isEmpty() ? "" : ", " + loaded.warnings().size() + " warning(s)");
        out.flush();
        return ExitStatus.OK.code();
    }

    static void printErrors(LoadedConfig loaded, PrintWriter err) {
        for (ConfigProblem p : loaded.problems()) {
            err.println(p.render());
        }
    }
}
