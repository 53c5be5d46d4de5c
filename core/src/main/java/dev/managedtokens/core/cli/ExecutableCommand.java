package dev.managedtokens.core.cli;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ConfigFileException;
import dev.managedtokens.core.config.ConfigLoader;
import dev.managedtokens.core.config.ConfigSearch;
import dev.managedtokens.core.config.LoadedConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both executables' commands do the same way, in this order: load the configuration, print it checked
 * ({@code --validate-config}) or refuse it with its problems, run the modes that write nothing, refuse root for a real
 * run, run, and return the exit status. A command says only what is its own, in the hooks below; the work of a run
 * is in the run class it calls. Never calls {@link System#exit}: picocli's {@code execute} returns the status, so
 * tests call commands in-process.
 */
public abstract class ExecutableCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ExecutableCommand.class);

    /**
     * Where a command runs.
     *
     * @param environment      where the configuration's environment variables are read
     * @param workingDirectory the last place the configuration is searched
     */
    public record Host(
            Map<String, String> environment,
            Path workingDirectory,
            RootGuard rootGuard,
            PrintWriter out,
            PrintWriter err) {
        public Host {
            environment = Map.copyOf(environment);
        }
    }

    /** The executable's name: the start of every one-line error. */
    protected abstract String executable();

    /** The {@code -c} file; null to search the standard places. */
    protected abstract Path configFile();

    protected abstract Host host();

    /** Called first, before anything is read (refresh-uids-from-ferry raises the console to DEBUG for -v). */
    protected void starting() {}

    /** A wrong combination of flags, found before anything is read; empty to go on. */
    protected Optional<String> usageProblem() {
        return Optional.empty();
    }

    /** Whether {@code --validate-config} was given; a command without that flag keeps the default. */
    protected boolean validateOnly() {
        return false;
    }

    /** {@code --validate-config}: prints the checked configuration; the exit status. */
    protected int printValidation(LoadedConfig loaded) {
        throw new UnsupportedOperationException(executable() + " has no --validate-config");
    }

    /** The command that lists a configuration's problems again (a subcommand names its parent's). */
    protected String validatingCommand() {
        return executable();
    }

    /** Prints the problems of a configuration that has errors (the base then says how to list them again). */
    protected void printErrors(LoadedConfig loaded) {
        loaded.problems().forEach(p -> host().err().println(p.render()));
    }

    /**
     * Modes and checks that need the configuration but write nothing (listings, the dry run, a section the run
     * needs): any user may run them, root included. A status ends the command; empty goes on to the real run.
     */
    protected Optional<Integer> beforeRun(Config config) {
        return Optional.empty();
    }

    /** The real run, never as root: it writes files and caches the service account's next run must replace. */
    protected abstract int run(Config config);

    @Override
    public final Integer call() {
        starting();
        PrintWriter err = host().err();
        Optional<String> usage = usageProblem();
        if (usage.isPresent()) {
            err.println(executable() + ": " + usage.get());
            return ExitStatus.USAGE.code();
        }
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(host().environment())
                    .load(configFile(), ConfigSearch.standard(host().environment(), host().workingDirectory()));
        } catch (ConfigFileException e) {
            err.println(executable() + ": " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        if (validateOnly()) {
            return printValidation(loaded);
        }
        if (loaded.hasErrors()) {
            printErrors(loaded);
            err.println(executable() + ": " + loaded.errors().size() + " problem(s) in " + loaded.file()
                    + "; fix them (" + validatingCommand() + " --validate-config lists them again)");
            return ExitStatus.SETUP_FAILED.code();
        }
        loaded.warnings().forEach(p -> log.warn("{}", p.render()));
        Config config = loaded.configOrThrow();
        Optional<Integer> early = beforeRun(config);
        if (early.isPresent()) {
            return early.get();
        }
        if (host().rootGuard().runningAsRoot()) {
            err.println(executable() + ": " + RootGuard.MESSAGE);
            return ExitStatus.SETUP_FAILED.code();
        }
        return run(config);
    }
}
