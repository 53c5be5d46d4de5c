package dev.managedtokens.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who gets notified in this run (docs/notifications.md, "Turning notifications off"): whether admin notifications
 * are blocked, and which services (by configName) have their notifications thrown away.
 */
public record NotificationPolicy(
        boolean adminBlocked, SortedSet<String> disabledServices, Optional<DisabledBy> disabledBy) {

    /** Why notifications are off, in the Go service's words. */
    public enum DisabledBy {
        CONFIGURATION("configuration"),
        FLAG("flag");

        private final String text;

        DisabledBy(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public NotificationPolicy {
        disabledServices = Collections.unmodifiableSortedSet(new TreeSet<>(disabledServices));
    }

    public boolean serviceDisabled(ServiceName service) {
        return disabledServices.contains(service.configName());
    }

    /**
     * {@code --disable-notifications}, {@code --dont-notify} or onboarding: everything off. Otherwise each service
     * follows its resolved {@code disableNotifications}, and admins are blocked only if the global value is true and
     * every selected service is disabled (one explicit {@code false} override turns admin notifications back on).
     */
    public static NotificationPolicy resolve(
            Config config, Collection<ServiceSettings> selected, boolean disabledByFlag) {
        if (disabledByFlag) {
            TreeSet<String> all = new TreeSet<>();
            selected.forEach(s -> all.add(s.service().configName()));
            return new NotificationPolicy(true, all, Optional.of(DisabledBy.FLAG));
        }
        TreeSet<String> disabled = new TreeSet<>();
        selected.stream()
                .filter(ServiceSettings::notificationsDisabled)
                .forEach(s -> disabled.add(s.service().configName()));
        boolean everyServiceDisabled = selected.stream().allMatch(ServiceSettings::notificationsDisabled);
        boolean blocked = config.disableNotifications() && everyServiceDisabled;
        return new NotificationPolicy(
                blocked,
                disabled,
                config.disableNotifications() ? Optional.of(DisabledBy.CONFIGURATION) : Optional.empty());
    }
}
