package dev.managedtokens.ferry.run;

import dev.managedtokens.db.UidUpsertReport;
import dev.managedtokens.worker.ferry.FerryFailure;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lines a run prints at its end: one count line, then what an operator must look at (changed UIDs, conflicts,
 * failed accounts). Test mode lists every account with what a real run would do. A run that could not do its job
 * says why on the error stream.
 */
public final class RefreshSummary {

    private RefreshSummary() {}

    public static void print(RefreshReport report, PrintWriter out, PrintWriter err) {
        if (report.mode().test() && report.setupError().isEmpty()) {
            printTest(report, out);
        } else if (report.upsert().isPresent()) {
            printWrite(report, report.upsert().get(), out);
        }
        printFailures(report, out);
        out.flush();
        report.setupError().ifPresent(e -> err.println("refresh-uids-from-ferry: " + e));
        err.flush();
    }

    private static void printWrite(RefreshReport report, UidUpsertReport u, PrintWriter out) {
        int refreshed = u.added().size() + u.changed().size() + u.unchanged().size();
        out.printf(
                "refresh-uids-from-ferry: %d account%s, %d refreshed (%d added, %d changed, %d unchanged),"
                        + " %d failed, %d conflict%s, %d request%s to FERRY (%s)%n",
                report.accounts().size(),
                plural(report.accounts().size()),
                refreshed,
                u.added().size(),
                u.changed().size(),
                u.unchanged().size(),
                report.failures().size(),
                u.conflicts().size(),
                plural(u.conflicts().size()),
                report.requestsSent(),
                plural(report.requestsSent()),
                times(report));
        int width = width(report);
        for (UidUpsertReport.Changed c : u.changed()) {
            out.printf("  CHANGED   %-" + width + "s  UID %d -> %d%n", c.account(), c.oldUid(), c.newUid());
        }
        for (UidUpsertReport.Conflict c : u.conflicts()) {
            out.printf("  CONFLICT  %-" + width + "s  %s%n", c.account(), c.describe());
        }
    }

    private static void printTest(RefreshReport report, PrintWriter out) {
        int count = (int) report.lookups().succeeded();
        out.printf(
                "refresh-uids-from-ferry: %d account%s, %d UID%s from FERRY, %d failed, %d request%s to FERRY"
                        + " (%s) [test mode: the database was not changed]%n",
                report.accounts().size(),
                plural(report.accounts().size()),
                count,
                plural(count),
                report.failures().size(),
                report.requestsSent(),
                plural(report.requestsSent()),
                times(report));
        int width = width(report);
        Map<String, Long> found = report.lookups().uids();
        Map<Long, String> holders = new HashMap<>();
        report.previousUids().forEach((account, uid) -> holders.put(uid, account));
        Map<Long, Long> claims = found.values().stream().collect(Collectors.groupingBy(u -> u, Collectors.counting()));
        for (Map.Entry<String, Long> e : found.entrySet()) {
            long uid = e.getValue();
            Long before = report.previousUids().get(e.getKey());
            String what = before == null
                    ? "new        UID " + uid
                    : before == uid ? "unchanged  UID " + uid : "would change UID " + before + " -> " + uid;
            String conflict = conflict(e.getKey(), uid, found, holders, claims);
            out.printf("  %-" + width + "s  %s%s%n", e.getKey(), what, conflict);
        }
    }

    /** The database's rules, previewed: a UID another account keeps, or one FERRY gave to two accounts. */
    private static String conflict(
            String account, long uid, Map<String, Long> found, Map<Long, String> holders, Map<Long, Long> claims) {
        if (claims.get(uid) > 1) {
            return "  (would conflict: FERRY gave UID " + uid + " to more than one account)";
        }
        String holder = holders.get(uid);
        if (holder != null && !holder.equals(account) && (!found.containsKey(holder) || found.get(holder) == uid)) {
            return "  (would conflict: the database holds UID " + uid + " for account " + holder + ")";
        }
        return "";
    }

    private static void printFailures(RefreshReport report, PrintWriter out) {
        if (report.lookups().unreachable().isPresent()) {
            // The reason is the run's setup error, printed once on the error stream.
            out.printf(
                    "refresh-uids-from-ferry: %d account%s, none refreshed: FERRY could not be reached (%d request"
                            + " sent); every account keeps the UID it has%n",
                    report.accounts().size(), plural(report.accounts().size()), report.requestsSent());
            return;
        }
        int width = width(report);
        for (FerryFailure f : report.failures()) {
            out.printf("  FAILED    %-" + width + "s  %s%s%n", f.account(), f.message(), keeps(report, f));
        }
    }

    private static String keeps(RefreshReport report, FerryFailure f) {
        if (report.mode().test()) return "";
        Long before = report.previousUids().get(f.account());
        return before == null ? " (still no UID)" : " (keeps UID " + before + ")";
    }

    /** {@code 2.3s: setup 0.4s, FERRY 1.7s, database 0.2s}: where the time went. */
    private static String times(RefreshReport report) {
        StringBuilder sb = new StringBuilder(seconds(report.elapsed()));
        String sep = ": ";
        for (Stage stage : Stage.values()) {
            java.time.Duration d = report.stageDurations().get(stage);
            if (d != null) {
                String name = switch (stage) {
                    case SETUP -> "setup";
                    case GET_FERRY_DATA -> "FERRY";
                    case REFRESH_DB -> "database";
                };
                sb.append(sep).append(name).append(' ').append(seconds(d));
                sep = ", ";
            }
        }
        return sb.toString();
    }

    private static String seconds(java.time.Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    private static int width(RefreshReport report) {
        return Math.max(
                8, report.accounts().stream().mapToInt(String::length).max().orElse(8));
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
