package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The consecutive-error counters of {@code setup_errors} (per service) and {@code push_errors} (per service and node),
 * read with the Go service's joins on the names. Writes differ in one way: a name not registered in
 * {@code services}/{@code nodes} is not written (the Go service appends an orphan row with a NULL id on every save,
 * which no read ever finds) and is returned to the caller instead.
 */
final class ErrorCounts {

    private static final String PUSH_COUNTS = """
            SELECT %s, push_errors.count
            FROM push_errors
            INNER JOIN services ON services.id = push_errors.service_id
            INNER JOIN nodes on nodes.id = push_errors.node_id
            WHERE services.name = ? ;""";

    private final NameSpellings spellings;

    ErrorCounts(NameSpellings spellings) {
        this.spellings = spellings;
    }

    OptionalInt setupErrorCount(Connection connection, String service) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT setup_errors.count FROM setup_errors"
                + " INNER JOIN services ON services.id = setup_errors.service_id WHERE services.name = ? ;")) {
            query.setString(1, service);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Node name (as written) to count, for the nodes of this service that have a row. */
    Map<String, Integer> pushErrorCounts(Connection connection, String service) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        String sql = PUSH_COUNTS.formatted(spellings.readable(NameSpellings.Column.NODES_NAME, "nodes.name"));
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, service);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Matched by SQLite as the Go reads match, so {@code 7} finds a node written as {@code 007}. */
    OptionalInt pushErrorCount(Connection connection, String service, String node) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT push_errors.count FROM push_errors"
                + " INNER JOIN services ON services.id = push_errors.service_id"
                + " INNER JOIN nodes ON nodes.id = push_errors.node_id"
                + " WHERE services.name = ? AND nodes.name = ? ;")) {
            query.setString(1, service);
            query.setString(2, node);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** @return false if the service is not registered, and then nothing was written */
    boolean setSetupErrorCount(Connection connection, String service, int count) throws SQLException {
        return Transactions.write(connection, c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO setup_errors(service_id, count)"
                    + " SELECT services.id, ? FROM services WHERE services.name = ?"
                    + " ON CONFLICT(service_id) DO UPDATE SET count = excluded.count")) {
                upsert.setInt(1, count);
                upsert.setString(2, service);
                return upsert.executeUpdate() > 0;
            }
        });
    }

    /** @return the nodes not written because the service or the node is not registered */
    Set<String> setPushErrorCounts(Connection connection, String service, Map<String, Integer> countsByNode)
            throws SQLException {
        return Transactions.write(connection, c -> {
            Set<String> skipped = new TreeSet<>();
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO push_errors(service_id, node_id, count)"
                    + " SELECT services.id, nodes.id, ? FROM services, nodes"
                    + " WHERE services.name = ? AND nodes.name = ?"
                    + " ON CONFLICT(service_id, node_id) DO UPDATE SET count = excluded.count")) {
                for (Map.Entry<String, Integer> entry : countsByNode.entrySet()) {
                    upsert.setInt(1, entry.getValue());
                    upsert.setString(2, service);
                    upsert.setString(3, entry.getKey());
                    if (upsert.executeUpdate() == 0) {
                        skipped.add(entry.getKey());
                    }
                }
            }
            return Collections.unmodifiableSet(skipped);
        });
    }
}
