package dev.managedtokens.db;

import dev.managedtokens.db.UidUpsertReport.ConflictReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which accounts of a UID batch can be written without breaking {@code uid UNIQUE}, given the table as it is.
 * Every account is tentatively written; while two rows would end up with the same UID, the accounts that were moving
 * to it are dropped (an account keeping its UID, or a row not in the batch, wins). Dropping an account leaves it on its
 * old UID, which may block another move, hence the repetition until nothing changes. What remains is consistent: a
 * swap or chain between accounts of the batch goes through, a UID held by anyone else does not.
 */
final class UidUpsertPlan {

    /** A row of {@code uids} as it is before the batch. */
    record Row(long rowId, String name, long uid) {}

    /**
     * One account of the batch.
     *
     * @param rowId      its existing row, or null when the account is new
     * @param storedForm how SQLite stores the name, to find names that the Go schema would store as the same value
     */
    record Claim(String account, long uid, Long rowId, String storedForm) {}

    /** An account that ends up holding {@code uid}: a row not written by the batch, or a claim being written. */
    private record Holder(Row row, Claim claim) {
        boolean keepsItsUid() {
            return claim == null || (row != null && row.uid() == claim.uid());
        }
    }

    private final Map<Long, Row> rows = new TreeMap<>();
    private final Map<String, Claim> active = new LinkedHashMap<>();
    private final Set<Long> refreshedRows = new HashSet<>();
    private final List<UidUpsertReport.Conflict> conflicts = new ArrayList<>();

    private UidUpsertPlan(List<Row> table, List<Claim> batch) {
        table.forEach(row -> rows.put(row.rowId(), row));
        batch.stream().sorted(Comparator.comparing(Claim::account)).forEach(claim -> {
            active.put(claim.account(), claim);
            if (claim.rowId() != null) {
                refreshedRows.add(claim.rowId());
            }
        });
        dropSameStoredNames();
        while (dropCollisions()) {
            // repeat: each dropped account returns to its old UID and may block another
        }
    }

    static UidUpsertPlan of(List<Row> table, List<Claim> batch) {
        return new UidUpsertPlan(table, batch);
    }

    /** Every account of the batch that is not a conflict: added, changed or unchanged. */
    List<Claim> accepted() {
        return List.copyOf(active.values());
    }

    /** Accounts without a row, to insert. */
    List<Claim> inserts() {
        return active.values().stream().filter(c -> c.rowId() == null).toList();
    }

    /** Existing rows whose UID changes. */
    List<Claim> updates() {
        return active.values().stream()
                .filter(c -> c.rowId() != null && rows.get(c.rowId()).uid() != c.uid())
                .toList();
    }

    /** Rows giving up a UID that another account of the batch takes: moved aside first so no write collides. */
    List<Long> vacatingRows() {
        Set<Long> targets = new HashSet<>();
        active.values().forEach(c -> targets.add(c.uid()));
        return updates().stream()
                .map(Claim::rowId)
                .filter(id -> targets.contains(rows.get(id).uid()))
                .toList();
    }

    /** Every UID in use before or after the batch, to choose temporary values outside of them. */
    Set<Long> allUids() {
        Set<Long> uids = new HashSet<>();
        rows.values().forEach(r -> uids.add(r.uid()));
        active.values().forEach(c -> uids.add(c.uid()));
        return uids;
    }

    UidUpsertReport report() {
        List<UidUpsertReport.Added> added = new ArrayList<>();
        List<UidUpsertReport.Unchanged> unchanged = new ArrayList<>();
        List<UidUpsertReport.Changed> changed = new ArrayList<>();
        List<UidUpsertReport.Reassignment> reassignments = new ArrayList<>();
        Map<Long, Claim> movingAwayFrom = new HashMap<>();
        for (Claim claim : updates()) {
            movingAwayFrom.put(rows.get(claim.rowId()).uid(), claim);
        }
        for (Claim claim : active.values()) {
            Row row = claim.rowId() == null ? null : rows.get(claim.rowId());
            if (row == null) {
                added.add(new UidUpsertReport.Added(claim.account(), claim.uid()));
            } else if (row.uid() == claim.uid()) {
                unchanged.add(new UidUpsertReport.Unchanged(claim.account(), claim.uid()));
                continue;
            } else {
                changed.add(new UidUpsertReport.Changed(claim.account(), row.uid(), claim.uid()));
            }
            Claim previous = movingAwayFrom.get(claim.uid());
            if (previous != null && previous != claim) {
                reassignments.add(new UidUpsertReport.Reassignment(claim.uid(), previous.account(), claim.account()));
            }
        }
        List<UidUpsertReport.Conflict> sortedConflicts = conflicts.stream()
                .sorted(Comparator.comparing(UidUpsertReport.Conflict::account))
                .toList();
        return new UidUpsertReport(added, unchanged, changed, sortedConflicts, reassignments);
    }

    private void dropSameStoredNames() {
        Map<String, List<Claim>> byStoredForm = new LinkedHashMap<>();
        active.values()
                .forEach(c -> byStoredForm
                        .computeIfAbsent(c.storedForm(), k -> new ArrayList<>())
                        .add(c));
        for (List<Claim> group : byStoredForm.values()) {
            if (group.size() < 2) {
                continue;
            }
            for (Claim claim : group) {
                Claim other = group.get(group.get(0) == claim ? 1 : 0);
                drop(claim, other.account(), ConflictReason.SAME_NAME_IN_DATABASE);
            }
        }
    }

    /** Drops every account moving to a UID that someone else ends up holding; true if any was dropped. */
    private boolean dropCollisions() {
        Map<Long, List<Holder>> byUid = new TreeMap<>();
        Map<Long, Claim> claimOfRow = new HashMap<>();
        active.values().stream().filter(c -> c.rowId() != null).forEach(c -> claimOfRow.put(c.rowId(), c));
        for (Row row : rows.values()) {
            Claim claim = claimOfRow.get(row.rowId());
            long uid = claim == null ? row.uid() : claim.uid();
            byUid.computeIfAbsent(uid, k -> new ArrayList<>()).add(new Holder(row, claim));
        }
        active.values().stream()
                .filter(c -> c.rowId() == null)
                .forEach(c ->
                        byUid.computeIfAbsent(c.uid(), k -> new ArrayList<>()).add(new Holder(null, c)));
        List<Runnable> drops = new ArrayList<>();
        for (List<Holder> holders : byUid.values()) {
            if (holders.size() < 2) {
                continue;
            }
            Holder anchor =
                    holders.stream().filter(Holder::keepsItsUid).findFirst().orElse(null);
            List<Holder> movers = holders.stream().filter(h -> !h.keepsItsUid()).toList();
            for (Holder mover : movers) {
                if (anchor != null) {
                    drops.add(() -> drop(mover.claim(), nameOf(anchor), anchorReason(anchor)));
                } else {
                    Holder other = movers.get(movers.get(0) == mover ? 1 : 0);
                    drops.add(() -> drop(
                            mover.claim(),
                            other.claim().account(),
                            ConflictReason.CLAIMED_BY_ANOTHER_ACCOUNT_IN_BATCH));
                }
            }
        }
        drops.forEach(Runnable::run);
        return !drops.isEmpty();
    }

    private ConflictReason anchorReason(Holder anchor) {
        boolean refreshed =
                anchor.claim() != null || refreshedRows.contains(anchor.row().rowId());
        return refreshed ? ConflictReason.HELD_BY_REFRESHED_ACCOUNT : ConflictReason.HELD_BY_ACCOUNT_NOT_REFRESHED;
    }

    private String nameOf(Holder holder) {
        return holder.claim() != null ? holder.claim().account() : holder.row().name();
    }

    private void drop(Claim claim, String otherAccount, ConflictReason reason) {
        active.remove(claim.account());
        Row row = claim.rowId() == null ? null : rows.get(claim.rowId());
        OptionalLong kept = row == null ? OptionalLong.empty() : OptionalLong.of(row.uid());
        conflicts.add(new UidUpsertReport.Conflict(
                claim.account(), claim.uid(), Objects.requireNonNull(otherAccount), reason, kept));
    }
}
