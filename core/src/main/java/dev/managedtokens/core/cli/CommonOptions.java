package dev.managedtokens.core.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags both executables share, with the Go service's names. */
public final class CommonOptions {

    @Option(
            names = {"-c", "--configfile"},
            paramLabel = "FILE",
            description =
                    "Use this configuration file instead of searching /etc/managed-tokens/, ~/.managed-tokens/ and the working directory.")
    public Path configFile;

    @Option(names = "--disable-notifications", description = "Send no email or Slack notification in this run.")
    public boolean disableNotifications;

    @Option(names = "--dont-notify", description = "Same as --disable-notifications.")
    public boolean dontNotify;

    @Option(names = "--no-loki", description = "Do not send logs to Loki.")
    public boolean noLoki;

    @Option(
            names = {"-t", "--test"},
            description =
                    "Test mode: token-push gets and stores tokens but does not ping or push; refresh-uids-from-ferry asks FERRY but writes nothing. Admin notifications use the notifications_test section.")
    public boolean test;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at DEBUG on the console and ask the external tools for verbose output.")
    public boolean verbose;

    public boolean notificationsDisabledByFlag() {
        return disableNotifications || dontNotify;
    }
}
