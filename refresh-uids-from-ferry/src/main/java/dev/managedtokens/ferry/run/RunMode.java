package dev.managedtokens.ferry.run;

import dev.managedtokens.ferry.AuthMethod;
import java.util.Optional;

/**
 * How a run goes.
 *
 * @param test                  {@code -t}: FERRY is asked, the database is not written (nor created)
 * @param authMethod            {@code --authmethod}
 * @param verbose               {@code -v}: console log at DEBUG, {@code htgettoken --verbose}
 * @param notificationsDisabled {@code --disable-notifications}/{@code --dont-notify} or {@code disableNotifications}
 * @param adminOverride         {@code --admin}: this run's admin notifications go here instead
 */
public record RunMode(
        boolean test,
        AuthMethod authMethod,
        boolean verbose,
        boolean notificationsDisabled,
        Optional<String> adminOverride) {}
