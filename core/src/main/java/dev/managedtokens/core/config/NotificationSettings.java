package dev.managedtokens.core.config;

/** Admin notification targets for normal runs and for {@code --test} runs. */
public record NotificationSettings(NotificationTargets normal, NotificationTargets test) {

    /** The Go service's default admin recipient, used only for normal runs when {@code admin_email} is unset. */
    public static final String DEFAULT_ADMIN_EMAIL = "fife-group@fnal.gov";

    public NotificationTargets forRun(boolean testMode) {
        return testMode ? test : normal;
    }
}
