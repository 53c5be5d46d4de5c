package dev.managedtokens.notify;

/** Where a message went. */
public enum Channel {
    /** The push-error email to one service's stakeholders ({@code managed_tokens_service_error_email_*}). */
    SERVICE_EMAIL,
    /** The admin email ({@code managed_tokens_admin_error_email_*{notification_type="email"}}). */
    ADMIN_EMAIL,
    /** The admin Slack message ({@code managed_tokens_admin_error_email_*{notification_type="slack_message"}}). */
    SLACK;

    /** The {@code notification_type} label of the admin metrics; empty for the service email. */
    public String notificationType() {
        return switch (this) {
            case ADMIN_EMAIL -> "email";
            case SLACK -> "slack_message";
            case SERVICE_EMAIL -> "";
        };
    }
}
