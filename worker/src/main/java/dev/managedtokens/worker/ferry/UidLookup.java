package dev.managedtokens.worker.ferry;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * FERRY's answer for one account: its UID, or why there is none.
 *
 * @param account the account asked about (FERRY's answer does not name it)
 * @param uid     present on success; always a valid non-root UID
 * @param failure null on success
 * @param elapsed from sending the request to having the whole answer (zero when not sent)
 */
public record UidLookup(String account, OptionalLong uid, FerryFailure failure, Duration elapsed) {

    public UidLookup {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(elapsed, "elapsed");
        if (uid.isPresent() == (failure != null)) {
            throw new IllegalArgumentException("a lookup has either a UID or a failure: " + account);
        }
    }

    static UidLookup found(String account, long uid, Duration elapsed) {
        return new UidLookup(account, OptionalLong.of(uid), null, elapsed);
    }

    static UidLookup failed(FerryFailure failure, Duration elapsed) {
        return new UidLookup(failure.account(), OptionalLong.empty(), failure, elapsed);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
