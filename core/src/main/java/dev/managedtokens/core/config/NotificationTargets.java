package dev.managedtokens.core.config;

import java.util.List;

/** Where admin notifications go: the {@code notifications} (or {@code notifications_test}) section. */
public record NotificationTargets(List<String> adminEmails, String slackAlertsUrl) {
    public NotificationTargets {
        adminEmails = List.copyOf(adminEmails);
    }
}
