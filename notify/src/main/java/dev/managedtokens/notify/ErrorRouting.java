package dev.managedtokens.notify;

import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.notify.admin.AdminErrors;
import dev.managedtokens.notify.service.ServiceErrorCounts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides who hears about each error (docs/notifications.md): a service's errors pass its threshold first,
 * then go to the admins and, for push errors, into its stakeholders' table; run-level errors go to the admins as they
 * are; a disabled service's errors go nowhere and its counts stay as they were. Counts are saved here, before anything
 * is sent, so a failed send never loses them.
 */
final class ErrorRouting {

    /** The outcome of routing: what to send, and the counting data. */
    record Routed(
            AdminErrors admin,
            SortedMap<String, StakeholderTable> stakeholders,
            List<ErrorCountGauge> gauges,
            List<String> problems) {}

    /** The push errors of one service that passed its threshold, node to message, and who gets them. */
    record StakeholderTable(List<String> emails, SortedMap<String, String> messageByNode) {}

    private ErrorRouting() {}

    static Routed route(NotificationRequest request, Optional<ManagedTokensDatabase> database, int threshold) {
        Set<String> disabled = request.policy().disabledServices();
        AdminErrors admin = new AdminErrors();
        SortedMap<String, StakeholderTable> stakeholders = new TreeMap<>();
        List<ErrorCountGauge> gauges = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        Map<String, RunService> services = new LinkedHashMap<>();
        request.services().stream()
                .sorted((a, b) -> a.service().compareTo(b.service()))
                .forEach(s -> services.putIfAbsent(s.service(), s));

        for (RunService service : services.values()) {
            String name = service.service();
            if (disabled.contains(name)) {
                continue;
            }
            RunErrors errors = request.errors().of(name);
            ServiceErrorCounts counts = ServiceErrorCounts.load(database, name, threshold);
            TreeMap<String, String> table = new TreeMap<>();
            for (SetupError e : errors.setupErrors()) {
                if (counts.countSetupError()) {
                    admin.addSetupError(name, e.message());
                }
            }
            for (PushError e : errors.pushErrors()) {
                if (counts.countPushError(e.node())) {
                    admin.addPushError(name, e.node(), e.message());
                    table.put(e.node(), e.message());
                }
            }
            counts.save();
            counts.setupGauge().ifPresent(c -> gauges.add(new ErrorCountGauge(name, Optional.empty(), c)));
            counts.pushGauges().forEach((node, c) -> gauges.add(new ErrorCountGauge(name, Optional.of(node), c)));
            problems.addAll(counts.problems());
            if (!table.isEmpty() && !service.emails().isEmpty()) {
                stakeholders.put(
                        name, new StakeholderTable(service.emails(), Collections.unmodifiableSortedMap(table)));
            }
        }

        Set<String> runLevelKeys = new TreeSet<>();
        request.errors().setupErrors().forEach(e -> runLevelKeys.add(e.service()));
        request.errors().pushErrors().forEach(e -> runLevelKeys.add(e.service()));
        runLevelKeys.removeAll(services.keySet());
        runLevelKeys.removeAll(disabled);
        for (SetupError e : request.errors().setupErrors()) {
            if (runLevelKeys.contains(e.service())) {
                admin.addSetupError(e.service(), e.message());
            }
        }
        for (PushError e : request.errors().pushErrors()) {
            if (runLevelKeys.contains(e.service())) {
                admin.addPushError(e.service(), e.node(), e.message());
            }
        }
        return new Routed(admin, stakeholders, gauges, problems);
    }
}
