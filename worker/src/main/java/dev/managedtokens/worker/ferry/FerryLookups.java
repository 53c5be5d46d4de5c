package dev.managedtokens.worker.ferry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every account's lookup in one run, sorted by account.
 *
 * @param lookups      one per distinct account asked for
 * @param unreachable  set when the first request showed FERRY cannot be reached; the other accounts were then not
 *                     asked and are {@link FerryFailureKind#NOT_ATTEMPTED}
 * @param requestsSent how many HTTP requests were started (one per account asked)
 */
public record FerryLookups(List<UidLookup> lookups, Optional<FerryFailure> unreachable, int requestsSent) {

    public FerryLookups {
        lookups = List.copyOf(lookups);
    }

    /** Account to UID for every success: what goes into the database. */
    public Map<String, Long> uids() {
        Map<String, Long> uids = new TreeMap<>();
        lookups.stream()
                .filter(UidLookup::succeeded)
                .forEach(l -> uids.put(l.account(), l.uid().getAsLong()));
        return uids;
    }

    public List<FerryFailure> failures() {
        return lookups.stream()
                .filter(l -> !l.succeeded())
                .map(UidLookup::failure)
                .toList();
    }

    public long succeeded() {
        return lookups.stream().filter(UidLookup::succeeded).count();
    }
}
