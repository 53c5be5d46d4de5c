package dev.managedtokens.testbed.support;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the one-shot system commands a bed needs (kadmin.local, useradd, ip ...) through the core process runner. */
public final class Tools {

    /** Absolute programs only, and a fixed minimal environment: a bed must not depend on the caller's shell. */
    public static final Map<String, String> BASE_ENVIRONMENT =
            Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL", "C");

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRunner runner;

    public Tools(ProcessRunner runner) {
        this.runner = runner;
    }

    public ProcessRunner runner() {
        return runner;
    }

    /** The base environment plus {@code extra}. */
    public static Map<String, String> environment(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(BASE_ENVIRONMENT);
        env.putAll(extra);
        return env;
    }

    public CommandResult run(List<String> argv) {
        return run(Command.of(argv, BASE_ENVIRONMENT, DEFAULT_TIMEOUT));
    }

    public CommandResult run(Command command) {
        return runner.run(command);
    }

    /** Runs {@code argv} and returns its stdout; a failure throws with {@code what} and the program's output. */
    public String check(String what, List<String> argv) {
        return check(what, Command.of(argv, BASE_ENVIRONMENT, DEFAULT_TIMEOUT));
    }

    public String check(String what, Command command) {
        CommandResult result = runner.run(command);
        if (!result.succeeded()) {
            throw failure(what, result);
        }
        return result.stdout();
    }

    public static TestbedException failure(String what, CommandResult result) {
        return new TestbedException(
                what + ": " + String.join(" ", result.command().argv()) + " " + result.describe()
                        + (result.combinedOutput().isBlank() ? "" : ": " + oneLine(result.combinedOutput())));
    }

    static String oneLine(String output) {
        String s = output.strip().replace('\n', ' ');
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    public static Duration defaultTimeout() {
        return DEFAULT_TIMEOUT;
    }
}
