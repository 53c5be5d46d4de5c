package dev.managedtokens.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An external program to run: an argument vector (never a shell string, so no value is ever re-interpreted by a
 * shell), the exact environment the child gets, and a deadline.
 *
 * @param argv             the program and its arguments; the program is an absolute path or a name looked up in
 *                         {@code environment}'s {@code PATH}
 * @param environment      everything the child sees; nothing is inherited implicitly
 * @param workingDirectory null for ours
 * @param timeout          after this the whole process tree is killed
 * @param interactive      stdout and stderr go to our terminal (onboarding shows htgettoken's device-code prompt);
 *                         the result then holds no output
 * @param stdin            bytes written to the child's stdin, then closed; null for no input at all
 */
public record Command(List<String> argv, Map<String, String> environment, Path workingDirectory,
                      Duration timeout, boolean interactive, byte[] stdin) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the program name");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout + " for " + argv.get(0));
        }
    }

    public static Command of(List<String> argv, Map<String, String> environment, Duration timeout) {
        return new Command(argv, environment, null, timeout, false, null);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, environment, workingDirectory, timeout, interactive, input.clone());
    }

    public Command withWorkingDirectory(Path dir) {
        return new Command(argv, environment, dir, timeout, interactive, stdin);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, environment, workingDirectory, newTimeout, interactive, stdin);
    }

    public Command asInteractive() {
        return new Command(argv, environment, workingDirectory, timeout, true, stdin);
    }

    /** The program's name without its directory, for messages. */
    public String programName() {
        String p = argv.get(0);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    // Records compare arrays by identity; a command is a value, so compare stdin by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && argv.equals(c.argv) && environment.equals(c.environment)
                && Objects.equals(workingDirectory, c.workingDirectory) && timeout.equals(c.timeout)
                && interactive == c.interactive && java.util.Arrays.equals(stdin, c.stdin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(argv, environment, workingDirectory, timeout, interactive, java.util.Arrays.hashCode(stdin));
    }

    /** Never prints the environment or stdin: they may hold tokens. */
    @Override
    public String toString() {
        return "Command" + argv;
    }
}
