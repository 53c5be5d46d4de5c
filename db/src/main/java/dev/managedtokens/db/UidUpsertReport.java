package dev.managedtokens.db;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What one UID upsert did, account by account, each list sorted by account. Accounts in {@link #conflicts()} were not
 * written and keep the UID they had; every other account of the batch was written in the same transaction. Nothing is
 * ever deleted.
 *
 * @param added         accounts that had no row
 * @param unchanged     accounts whose row already held this UID
 * @param changed       accounts whose UID changed (callers log these at WARN)
 * @param conflicts     accounts not written because their new UID is held, or claimed, by another account
 * @param reassignments UIDs that moved from one account of the batch to another (swaps and chains), resolved inside
 *                      the transaction; each such move also appears in {@code added} or {@code changed}
 */
public record UidUpsertReport(
        List<Added> added,
        List<Unchanged> unchanged,
        List<Changed> changed,
        List<Conflict> conflicts,
        List<Reassignment> reassignments) {

    public UidUpsertReport {
        added = List.copyOf(added);
        unchanged = List.copyOf(unchanged);
        changed = List.copyOf(changed);
        conflicts = List.copyOf(conflicts);
        reassignments = List.copyOf(reassignments);
    }

    /** A new row. */
    public record Added(String account, long uid) {}

    /** A row that already held this UID; nothing was written. */
    public record Unchanged(String account, long uid) {}

    /** A row whose UID was replaced. */
    public record Changed(String account, long oldUid, long newUid) {}

    /** A UID that the batch moved from one account to another, both refreshed in this batch. */
    public record Reassignment(long uid, String fromAccount, String toAccount) {}

    /** Why an account's new UID was not written. */
    public enum ConflictReason {
        /** Another account, not in this batch, holds the UID in the database. */
        HELD_BY_ACCOUNT_NOT_REFRESHED,
        /** Another account of this batch holds the UID and keeps it (same UID again, or its own change conflicted). */
        HELD_BY_REFRESHED_ACCOUNT,
        /** Another account of this batch was given the same UID and neither held it: which one is right is unknown. */
        CLAIMED_BY_ANOTHER_ACCOUNT_IN_BATCH,
        /** Both names are stored as one value by the Go schema's NUMERIC affinity ({@code 007} and {@code 7}). */
        SAME_NAME_IN_DATABASE
    }

    /**
     * An account not written.
     *
     * @param account      the account of the batch
     * @param uid          the UID the batch gave it
     * @param otherAccount the account that holds or claims the same UID (or shares the stored name)
     * @param reason       why it was not written
     * @param keptUid      the UID the account keeps in the database, empty if it has no row
     */
    public record Conflict(String account, long uid, String otherAccount, ConflictReason reason, OptionalLong keptUid) {

        /** One line for logs and notifications. */
        public String describe() {
            String why = switch (reason) {
                case HELD_BY_ACCOUNT_NOT_REFRESHED ->
                    "the database holds it for account " + otherAccount + ", which was not refreshed in this run";
                case HELD_BY_REFRESHED_ACCOUNT ->
                    "the database holds it for account " + otherAccount + ", which keeps it in this run";
                case CLAIMED_BY_ANOTHER_ACCOUNT_IN_BATCH ->
                    "account " + otherAccount + " was given the same UID in this run, so neither was saved";
                case SAME_NAME_IN_DATABASE ->
                    "accounts " + account + " and " + otherAccount
                            + " are stored under the same name in the database (numeric-looking names), so neither"
                            + " was saved";
            };
            String kept = keptUid.isPresent() ? "keeps UID " + keptUid.getAsLong() : "still has no UID";
            return "UID " + uid + " for account " + account + " was not saved: " + why + "; " + account + " " + kept
                    + "; correct the uids table by hand once the right owner is known";
        }
    }

    /** Accounts whose row was added or changed. */
    public List<String> written() {
        return Stream.concat(
                        added.stream().map(Added::account), changed.stream().map(Changed::account))
                .sorted()
                .toList();
    }

    public boolean hasConflicts() {
        return !conflicts.isEmpty();
    }
}
