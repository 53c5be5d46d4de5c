package dev.managedtokens.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The {@code uids} table: account name to UNIX UID, filled by refresh-uids-from-ferry, read by token-push. */
final class UidStore {

    /** The Go service's upsert; the existing row is found by name with the column's affinity. */
    private static final String UPSERT =
            "INSERT INTO uids(username, uid) VALUES (?, ?) ON CONFLICT(username) DO UPDATE SET uid = ?;";

    private final NameSpellings spellings;

    UidStore(NameSpellings spellings) {
        this.spellings = spellings;
    }

    /** The Go service's lookup: the bound name gets the column's NUMERIC affinity, so {@code '007'} finds 7. */
    OptionalLong uid(Connection connection, String username) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT uid FROM uids WHERE username = ? ;")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? OptionalLong.of(rows.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Every row, names as written, sorted by name. */
    Map<String, Long> all(Connection connection) throws SQLException {
        Map<String, Long> uids = new TreeMap<>();
        for (UidUpsertPlan.Row row : rows(connection)) {
            uids.put(row.name(), row.uid());
        }
        return Collections.unmodifiableMap(uids);
    }

    UidUpsertReport upsert(Connection connection, Map<String, Long> uidsByAccount) throws SQLException {
        Map<String, String> storedForms = StoredForms.of(uidsByAccount.keySet());
        return Transactions.write(connection, c -> {
            List<UidUpsertPlan.Claim> claims = new ArrayList<>();
            try (PreparedStatement find = c.prepareStatement("SELECT rowid FROM uids WHERE username = ?")) {
                for (Map.Entry<String, Long> entry : uidsByAccount.entrySet()) {
                    find.setString(1, entry.getKey());
                    try (ResultSet found = find.executeQuery()) {
                        Long rowId = found.next() ? found.getLong(1) : null;
                        claims.add(new UidUpsertPlan.Claim(
                                entry.getKey(), entry.getValue(), rowId, storedForms.get(entry.getKey())));
                    }
                }
            }
            UidUpsertPlan plan = UidUpsertPlan.of(rows(c), claims);
            apply(c, plan);
            return plan.report();
        });
    }

    private void apply(Connection connection, UidUpsertPlan plan) throws SQLException {
        List<Long> vacating = plan.vacatingRows();
        List<Long> temporary = temporaryUids(plan, vacating.size());
        try (PreparedStatement moveAside = connection.prepareStatement("UPDATE uids SET uid = ? WHERE rowid = ?")) {
            for (int i = 0; i < vacating.size(); i++) {
                moveAside.setLong(1, temporary.get(i));
                moveAside.setLong(2, vacating.get(i));
                moveAside.executeUpdate();
            }
        }
        List<UidUpsertPlan.Claim> writes = new ArrayList<>(plan.updates());
        writes.addAll(plan.inserts());
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (UidUpsertPlan.Claim claim : writes) {
                upsert.setString(1, claim.account());
                upsert.setLong(2, claim.uid());
                upsert.setLong(3, claim.uid());
                upsert.executeUpdate();
            }
        }
        // Unchanged accounts too: a numeric-looking name the Go service wrote has no spelling recorded yet.
        spellings.record(
                connection,
                NameSpellings.Column.UIDS_USERNAME,
                plan.accepted().stream().map(UidUpsertPlan.Claim::account).toList());
    }

    /** Values no row holds before or after the batch; they exist only inside the transaction. */
    private static List<Long> temporaryUids(UidUpsertPlan plan, int count) {
        List<Long> temporary = new ArrayList<>();
        if (count == 0) {
            return temporary;
        }
        long min = plan.allUids().stream().mapToLong(Long::longValue).min().orElse(0);
        long max = plan.allUids().stream().mapToLong(Long::longValue).max().orElse(0);
        boolean below = min > Long.MIN_VALUE + count;
        for (int i = 1; i <= count; i++) {
            temporary.add(below ? min - i : max + i);
        }
        return temporary;
    }

    private List<UidUpsertPlan.Row> rows(Connection connection) throws SQLException {
        List<UidUpsertPlan.Row> rows = new ArrayList<>();
        String sql = "SELECT rowid, " + spellings.readable(NameSpellings.Column.UIDS_USERNAME, "uids.username")
                + ", uid FROM uids ORDER BY rowid";
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(new UidUpsertPlan.Row(result.getLong(1), result.getString(2), result.getLong(3)));
            }
        }
        return rows;
    }
}
