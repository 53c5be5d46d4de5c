package dev.managedtokens.notify;

import java.util.List;

/**
 * What {@link NotificationDispatcher#dispatch} did: every message attempted (none when there was nothing to say),
 * the error-count gauges, and the problems with the stored counts. Nothing here changes a run's exit status.
 *
 * @param deliveries service emails (sorted by service), then the admin email and the Slack message
 * @param gauges in service order, the setup count first
 * @param problems one line each, already logged: counts that could not be read (counting off for that service) or saved
 */
public record NotificationOutcome(List<Delivery> deliveries, List<ErrorCountGauge> gauges, List<String> problems) {

    public static final NotificationOutcome NOTHING = new NotificationOutcome(List.of(), List.of(), List.of());

    public NotificationOutcome {
        deliveries = List.copyOf(deliveries);
        gauges = List.copyOf(gauges);
        problems = List.copyOf(problems);
    }

    public boolean allSent() {
        return deliveries.stream().allMatch(Delivery::sent);
    }

    public List<Delivery> failures() {
        return deliveries.stream().filter(d -> !d.sent()).toList();
    }

    public List<Delivery> deliveries(Channel channel) {
        return deliveries.stream().filter(d -> d.channel() == channel).toList();
    }
}
