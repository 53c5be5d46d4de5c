package dev.managedtokens.core.process;

import java.time.Duration;

/**
 * The outcome of one {@link Command}.
 *
 * @param exitCode the program's exit status when {@link Termination#EXITED}, otherwise -1
 * @param stdout   what the program wrote to stdout (empty for interactive commands)
 * @param stderr   what it wrote to stderr, or the reason it failed to start
 */
public record CommandResult(
        Command command, Termination termination, int exitCode, String stdout, String stderr, Duration elapsed) {

    public boolean succeeded() {
        return termination == Termination.EXITED && exitCode == 0;
    }

    public boolean timedOut() {
        return termination == Termination.TIMED_OUT;
    }

    public String combinedOutput() {
        if (stdout.isEmpty()) return stderr;
        if (stderr.isEmpty()) return stdout;
        return stdout.endsWith("\n") ? stdout + stderr : stdout + "\n" + stderr;
    }

    /** Short form for messages: {@code exit 1}, {@code timed out after 5s}, {@code failed to start: ...}. */
    public String describe() {
        return switch (termination) {
            // A shell reports a child killed by signal N as 128+N; 255 (ssh, rsync) is an ordinary status.
            case EXITED ->
                exitCode > 128 && exitCode <= 128 + 64
                        ? "exit " + exitCode + " (signal " + (exitCode - 128) + ")"
                        : "exit " + exitCode;
            case TIMED_OUT -> "timed out after " + humanDuration(command.timeout());
            case FAILED_TO_START -> "failed to start: " + stderr.strip();
            case INTERRUPTED -> "interrupted";
        };
    }

    static String humanDuration(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        return d.toSeconds() + "s";
    }
}
