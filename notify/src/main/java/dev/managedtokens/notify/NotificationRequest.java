package dev.managedtokens.notify;

import dev.managedtokens.core.config.NotificationPolicy;
import dev.managedtokens.core.config.NotificationTargets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one run has to say, and to whom.
 *
 * @param operation the executable name, shown in the admin messages ({@code token-push}, {@code refresh-uids-from-ferry})
 * @param testMode {@code --test}: with no error to report, Slack gets {@code Test run completed successfully}
 * @param runStarted when the run started; the subjects carry this time (the bodies the time they are prepared)
 * @param admins {@code notifications} or, with {@code --test}, {@code notifications_test} (with {@code --admin} applied);
 *               an empty list or URL means that channel is not used
 * @param policy who is silenced (core's {@link NotificationPolicy#resolve}); a disabled service's errors go nowhere
 *               and its counts are left as they are; a blocked admin channel sends nothing, not even the test message
 * @param services the services whose errors are counted and whose counts are saved (token-push's selected services
 *                 that got past set-up); errors keyed by any other name are run-level: they reach the admins at once,
 *                 uncounted (token-push's database error, every refresh-uids-from-ferry error)
 * @param errors everything that failed
 */
public record NotificationRequest(
        String operation,
        boolean testMode,
        Instant runStarted,
        NotificationTargets admins,
        NotificationPolicy policy,
        List<RunService> services,
        RunErrors errors) {

    public static final String TOKEN_PUSH = "token-push";
    public static final String REFRESH_UIDS_FROM_FERRY = "refresh-uids-from-ferry";

    public NotificationRequest {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(runStarted, "runStarted");
        Objects.requireNonNull(admins, "admins");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(errors, "errors");
        services = List.copyOf(services);
    }

    /** token-push: counted services with stakeholders, run-level errors under the key {@code token-push}. */
    public static NotificationRequest tokenPush(
            boolean testMode,
            Instant runStarted,
            NotificationTargets admins,
            NotificationPolicy policy,
            List<RunService> services,
            RunErrors errors) {
        return new NotificationRequest(TOKEN_PUSH, testMode, runStarted, admins, policy, services, errors);
    }

    /**
     * refresh-uids-from-ferry: no services, no counting, every error (keyed {@code refresh-uids-from-ferry}) to the
     * admins unless notifications are disabled.
     */
    public static NotificationRequest refreshUids(
            boolean testMode,
            Instant runStarted,
            NotificationTargets admins,
            boolean notificationsDisabled,
            RunErrors errors) {
        NotificationPolicy policy = new NotificationPolicy(
                notificationsDisabled,
                new TreeSet<>(),
                notificationsDisabled ? Optional.of(NotificationPolicy.DisabledBy.CONFIGURATION) : Optional.empty());
        return new NotificationRequest(
                REFRESH_UIDS_FROM_FERRY, testMode, runStarted, admins, policy, List.of(), errors);
    }
}
