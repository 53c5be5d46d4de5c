package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gathers the status of every service and node from the Go tables and our push history. Tolerates files that lack
 * tables (a read-only legacy file has only {@code uids}; a Go-written file has no history).
 */
final class StatusReader {

    private final Set<String> tables;
    private final NameSpellings spellings;
    private final NameTables names;
    private final UidStore uids;

    StatusReader(Set<String> tables, NameSpellings spellings, NameTables names, UidStore uids) {
        this.tables = tables;
        this.spellings = spellings;
        this.names = names;
        this.uids = uids;
    }

    DatabaseStatus read(Connection connection) throws SQLException {
        Map<String, Integer> setupCounts = new TreeMap<>();
        Map<String, Map<String, NodeStatus>> nodes = new TreeMap<>();
        if (tables.contains("services")) {
            names.list(connection, NameSpellings.Column.SERVICES_NAME).forEach(s -> nodes.put(s, new TreeMap<>()));
        }
        if (tables.contains("setup_errors") && tables.contains("services")) {
            readSetupCounts(connection, setupCounts);
        }
        if (tables.containsAll(List.of("push_errors", "services", "nodes"))) {
            readPushCounts(connection, nodes);
        }
        boolean history = tables.contains(Schema.PUSH_HISTORY);
        if (history) {
            for (PushHistory.Entry entry : PushHistory.all(connection)) {
                Map<String, NodeStatus> ofService = nodes.computeIfAbsent(entry.service(), k -> new TreeMap<>());
                NodeStatus counted = ofService.get(entry.node());
                int count = counted == null ? 0 : counted.pushErrorCount();
                ofService.put(
                        entry.node(),
                        new NodeStatus(
                                entry.node(),
                                count,
                                entry.lastAttempt(),
                                entry.lastAttemptSucceeded(),
                                entry.lastSuccess()));
            }
        }
        List<ServiceStatus> services = new ArrayList<>();
        nodes.forEach((service, ofService) -> services.add(
                new ServiceStatus(service, setupCounts.getOrDefault(service, 0), List.copyOf(ofService.values()))));
        Map<String, Long> accounts = tables.contains("uids") ? uids.all(connection) : Map.of();
        return new DatabaseStatus(services, accounts, history);
    }

    private void readSetupCounts(Connection connection, Map<String, Integer> setupCounts) throws SQLException {
        String sql = "SELECT " + spellings.readable(NameSpellings.Column.SERVICES_NAME, "services.name")
                + ", setup_errors.count FROM setup_errors"
                + " INNER JOIN services ON services.id = setup_errors.service_id";
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                setupCounts.put(rows.getString(1), rows.getInt(2));
            }
        }
    }

    private void readPushCounts(Connection connection, Map<String, Map<String, NodeStatus>> nodes) throws SQLException {
        String sql = "SELECT " + spellings.readable(NameSpellings.Column.SERVICES_NAME, "services.name") + ", "
                + spellings.readable(NameSpellings.Column.NODES_NAME, "nodes.name") + ", push_errors.count"
                + " FROM push_errors"
                + " INNER JOIN services ON services.id = push_errors.service_id"
                + " INNER JOIN nodes ON nodes.id = push_errors.node_id";
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String node = rows.getString(2);
                nodes.computeIfAbsent(rows.getString(1), k -> new TreeMap<>())
                        .put(node, new NodeStatus(node, rows.getInt(3), null, false, null));
            }
        }
    }
}
