package dev.managedtokens.ferry.run;

import dev.managedtokens.db.UidUpsertReport;
import dev.managedtokens.worker.ferry.FerryFailure;
import dev.managedtokens.worker.ferry.FerryFailureKind;
import dev.managedtokens.worker.ferry.UidLookup;
import java.io.PrintWriter;
import java.util.List;

/**
 * The lines a run prints at its end: one count line, then what an operator must look at (changed UIDs, conflicts,
 * failed accounts). Test mode lists every account with what a real run would do. A run that could not do its job
 * says why on the error stream.
 */
public final class RefreshSummary {

    private RefreshSummary() {}

    public static void print(RefreshReport report, PrintWriter out, PrintWriter err) {
        if (report.mode().test()) {
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
        out.printf("refresh-uids-from-ferry: %d account%s, %d refreshed (%d added, %d changed, %d unchanged),"
                        + " %d failed, %d conflict%s, %d request%s to FERRY (%s)%n",
                report.accounts().size(), plural(report.accounts().size()), refreshed, u.added().size(),
                u.changed().size(), u.unchanged().size(), report.failures().size(), u.conflicts().size(),
                plural(u.conflicts().size()), report.requestsSent(), plural(report.requestsSent()), times(report));
        int width = width(report);
        for (UidUpsertReport.Changed c : u.changed()) {
            out.printf("  CHANGED   %-" + width + "s  UID %d -> %d%n", c.account(), c.oldUid(), c.newUid());
        }
        for (UidUpsertReport.Conflict c : u.conflicts()) {
            out.printf("  CONFLICT  %-" + width + "s  %s%n", c.account(), c.describe());
        }
    }

    private static void printTest(RefreshReport report, PrintWriter out) {
        long found = report.lookups().succeeded();
        out.printf("refresh-uids-from-ferry: %d account%s, %d UID%s from FERRY, %d failed, %d request%s to FERRY"
                        + " (%s) [test mode: the database was not changed]%n",
                report.accounts().size(), plural(report.accounts().size()), found, plural((int) found),
                report.failures().size(), report.requestsSent(), plural(report.requestsSent()), times(report));
        int width = width(report);
        for (UidLookup l : report.lookups().lookups()) {
            if (!l.succeeded()) continue;
            long uid = l.uid().getAsLong();
            Long before = report.previousUids().get(l.account());
            String what = before == null ? "new        UID " + uid
                    : before == uid ? "unchanged  UID " + uid
                    : "would change UID " + before + " -> " + uid;
            out.printf("  %-" + width + "s  %s%n", l.account(), what);
        }
    }

    private static void printFailures(RefreshReport report, PrintWriter out) {
        List<FerryFailure> failures = report.failures();
        long notAsked = failures.stream().filter(f -> f.kind() == FerryFailureKind.NOT_ATTEMPTED).count();
        int width = width(report);
        for (FerryFailure f : failures) {
            if (f.kind() != FerryFailureKind.NOT_ATTEMPTED) {
                out.printf("  FAILED    %-" + width + "s  %s%s%n", f.account(), f.message(), keeps(report, f));
            }
        }
        if (notAsked > 0) {
            out.printf("  %d other account%s not asked; every account keeps the UID it has%n", notAsked,
                    plural((int) notAsked));
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
        return Math.max(8, report.accounts().stream().mapToInt(String::length).max().orElse(8));
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
