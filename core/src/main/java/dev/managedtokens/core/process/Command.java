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
 * @param outputLimit      how many bytes of each of stdout and stderr are kept from the start; past it only the
 *                         last {@value BoundedCapture#TAIL_LIMIT} bytes are, so a runaway child cannot fill our heap
 */
public record Command(
        List<String> argv,
        Map<String, String> environment,
        Path workingDirectory,
        Duration timeout,
        boolean interactive,
        byte[] stdin,
        int outputLimit) {

    /**
     * Enough for any message; a command that reads a listing (condor_status -long) raises it. Bounded because up to
     * the process limit of children may each write without end at once.
     */
    public static final int DEFAULT_OUTPUT_LIMIT = 1024 * 1024;

    public Command(
            List<String> argv,
            Map<String, String> environment,
            Path workingDirectory,
            Duration timeout,
            boolean interactive,
            byte[] stdin) {
        this(argv, environment, workingDirectory, timeout, interactive, stdin, DEFAULT_OUTPUT_LIMIT);
    }

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
        if (outputLimit < 0) {
            throw new IllegalArgumentException("negative output limit " + outputLimit + " for " + argv.get(0));
        }
    }

    public static Command of(List<String> argv, Map<String, String> environment, Duration timeout) {
        return new Command(argv, environment, null, timeout, false, null);
    }

    public Command withStdin(byte[] input) {
        return new Command(argv, environment, workingDirectory, timeout, interactive, input.clone(), outputLimit);
    }

    public Command withWorkingDirectory(Path dir) {
        return new Command(argv, environment, dir, timeout, interactive, stdin, outputLimit);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(argv, environment, workingDirectory, newTimeout, interactive, stdin, outputLimit);
    }

    public Command asInteractive() {
        return new Command(argv, environment, workingDirectory, timeout, true, stdin, outputLimit);
    }

    public Command withOutputLimit(int bytes) {
        return new Command(argv, environment, workingDirectory, timeout, interactive, stdin, bytes);
    }

    /** The program's name without its directory, for messages. */
    public String programName() {
        String p = argv.get(0);
        return p.substring(p.lastIndexOf('/') + 1);
    }

    // Records compare arrays by identity; a command is a value, so compare stdin by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof Command c
                && argv.equals(c.argv)
                && environment.equals(c.environment)
                && Objects.equals(workingDirectory, c.workingDirectory)
                && timeout.equals(c.timeout)
                && interactive == c.interactive
                && java.util.Arrays.equals(stdin, c.stdin)
                && outputLimit == c.outputLimit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                argv,
                environment,
                workingDirectory,
                timeout,
                interactive,
                java.util.Arrays.hashCode(stdin),
                outputLimit);
    }

    /** Never prints the environment or stdin: they may hold tokens. */
    @Override
    public String toString() {
        return "Command" + argv;
    }
}
