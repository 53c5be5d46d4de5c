package dev.managedtokens.core.metrics;

/** The {@code notification_type} label of the admin notification metrics. */
public enum NotificationType {
    EMAIL("email"),
    SLACK_MESSAGE("slack_message");

    private final String label;

    NotificationType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
