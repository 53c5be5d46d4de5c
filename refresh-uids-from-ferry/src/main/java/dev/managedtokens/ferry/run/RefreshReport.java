package dev.managedtokens.ferry.run;

import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.db.UidUpsertReport;
import dev.managedtokens.worker.ferry.FerryFailure;
import dev.managedtokens.worker.ferry.FerryFailureKind;
import dev.managedtokens.worker.ferry.FerryLookups;
import dev.managedtokens.worker.ferry.UidLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a finished run knows: what the summary, the exit status, the admin notification and the metrics are
 * made from.
 *
 * @param mode           how the run went
 * @param accounts       the distinct accounts asked about, sorted
 * @param lookups        FERRY's answer per account (empty when the run stopped before asking)
 * @param previousUids   the whole UID table before the run (empty without a database)
 * @param upsert         what the database write did; empty in test mode or when nothing was written
 * @param setupError     why the run could not do its job (configuration, database, authentication, FERRY
 *                       unreachable, no UID at all); empty when it could
 * @param stageDurations per stage that ran
 * @param refreshedAt    when the table was refreshed and read back; empty otherwise (test mode included)
 * @param elapsed        the whole run
 */
public record RefreshReport(
        RunMode mode,
        List<String> accounts,
        FerryLookups lookups,
        Map<String, Long> previousUids,
        Optional<UidUpsertReport> upsert,
        Optional<String> setupError,
        Map<Stage, Duration> stageDurations,
        Optional<Instant> refreshedAt,
        Duration elapsed) {

    public RefreshReport {
        accounts = List.copyOf(accounts);
        previousUids = Map.copyOf(new TreeMap<>(previousUids));
        stageDurations = stageDurations.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(stageDurations));
    }

    /** 1 when the run could not do its job, 3 when some account failed or was not written, else 0. */
    public ExitStatus exitStatus() {
        if (setupError.isPresent()) {
            return ExitStatus.SETUP_FAILED;
        }
        if (!failures().isEmpty() || upsert.map(UidUpsertReport::hasConflicts).orElse(false)) {
            return ExitStatus.SOME_FAILED;
        }
        return ExitStatus.OK;
    }

    /** Accounts FERRY gave no UID for, with why; they keep the UID they had. */
    public List<FerryFailure> failures() {
        return lookups.failures();
    }

    public List<UidUpsertReport.Conflict> conflicts() {
        return upsert.map(UidUpsertReport::conflicts).orElse(List.of());
    }

    /**
     * One line per problem, for the admin notification: the setup error, then each account that got no UID (the
     * accounts not asked because FERRY was unreachable are covered by the setup error), then each conflict.
     */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        setupError.ifPresent(lines::add);
        for (FerryFailure f : failures()) {
            if (f.kind() != FerryFailureKind.NOT_ATTEMPTED
                    && !lookups.unreachable().map(f::equals).orElse(false)) {
                lines.add(f.account() + ": " + f.message());
            }
        }
        conflicts().forEach(c -> lines.add(c.account() + ": " + c.describe()));
        return lines;
    }

    /** How long each answered request took: {@code managed_tokens_ferry_request_duration_seconds}. */
    public List<Duration> requestDurations() {
        return lookups.lookups().stream()
                .filter(UidLookup::succeeded)
                .map(UidLookup::elapsed)
                .toList();
    }

    /** Requests sent that failed: {@code managed_tokens_ferry_request_error_count}. */
    public long failedRequestCount() {
        return failures().stream().filter(f -> f.kind().countsAsFailedRequest()).count();
    }

    /** How many HTTP requests were sent to FERRY. */
    public int requestsSent() {
        return lookups.requestsSent();
    }
}
