package dev.managedtokens.core.cli;

/**
 * The exit statuses of both executables (docs/run-flow.md, "Exit statuses"); systemd and cron wrappers tell a broken
 * set-up from a service that failed by these.
 */
public enum ExitStatus {
    /** Every selected service (or account) succeeded; also {@code --help}, {@code --version}, listings. */
    OK(0),
    /** The run could not start: configuration, running as root, no service resolvable, another run holds the lock. */
    SETUP_FAILED(1),
    /** A flag or argument was wrong; picocli printed why. */
    USAGE(2),
    /** The run completed but at least one service (or account) failed; the summary and notifications say which. */
    SOME_FAILED(3);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** For picocli's {@code exitCodeList}, so {@code --help} documents them. */
    public static final String[] HELP_LIST = {
        "0:every selected service succeeded",
        "1:the run could not start (configuration, root, lock, no service resolvable)",
        "2:usage error",
        "3:the run completed but at least one service failed",
    };
}
