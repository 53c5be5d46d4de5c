package dev.managedtokens.core.logging;

import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.LogFiles;
import dev.managedtokens.core.config.LokiSettings;
import java.util.Objects;

/**
 * What {@link Logging#configure} needs from the configuration and the flags.
 *
 * @param executable          {@code token-push} or {@code refresh-uids-from-ferry}: the {@code executable} field and
 *                            Loki's {@code command} label
 * @param files               {@code logs.<executable>.logfile} (INFO and above) and {@code .debugfile} (everything)
 * @param verbose             {@code -v}: the console shows DEBUG too
 * @param loki                {@code loki.host} and its timeout
 * @param noLoki              {@code --no-loki}
 * @param devEnvironmentLabel Loki's {@code environment} label
 */
public record LogSettings(
        String executable,
        LogFiles files,
        boolean verbose,
        LokiSettings loki,
        boolean noLoki,
        String devEnvironmentLabel) {

    public LogSettings {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(loki, "loki");
        Objects.requireNonNull(devEnvironmentLabel, "devEnvironmentLabel");
    }

    public static LogSettings of(Config config, String executable, boolean verbose, boolean noLoki) {
        return new LogSettings(
                executable, config.logFiles(executable), verbose, config.loki(), noLoki, config.devEnvironmentLabel());
    }

    /** Loki is used when {@code loki.host} is set and {@code --no-loki} was not given. */
    public boolean lokiEnabled() {
        return loki.enabled() && !noLoki;
    }
}
