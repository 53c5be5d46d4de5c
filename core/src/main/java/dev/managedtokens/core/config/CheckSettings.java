package dev.managedtokens.core.config;

import java.time.Duration;

/**
 * What {@code token-push check} reads from the configuration.
 *
 * @param staleTokenAge {@code checkStaleTokenAge}: a token file on a node older than this is reported as stale.
 *                      Twice the hourly run interval by default, so one missed or late run does not warn but two do.
 */
public record CheckSettings(Duration staleTokenAge) {

    public static final String STALE_TOKEN_AGE_KEY = "checkStaleTokenAge";
    public static final Duration DEFAULT_STALE_TOKEN_AGE = Duration.ofHours(2);

    /** The settings of {@code config}; an absent or invalid value (the validator warns) gives the default. */
    public static CheckSettings of(Config config) {
        Duration d = ConfigKeys.CHECK_STALE_TOKEN_AGE
                .value(config.tree())
                .filter(Duration::isPositive)
                .orElse(DEFAULT_STALE_TOKEN_AGE);
        return new CheckSettings(d);
    }
}
