package dev.managedtokens.ferry;

import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.ferry.run.RefreshReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs the command in-process, as picocli lets us, and keeps what it printed and reported. */
final class Refresh {

    /** What one run left: exit status, output, and the report its sink received (null if none). */
    record Outcome(int exit, String out, String err, RefreshReport report) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private Refresh() {}

    static Outcome run(Map<String, String> environment, Path workDir, RootGuard root, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<RefreshReport> reports = new ArrayList<>();
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("PATH", "/usr/bin:/bin");
        env.putIfAbsent("HOME", workDir.toString());
        RefreshUidsContext ctx = new RefreshUidsContext(
                env,
                workDir,
                workDir,
                root,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Clock.systemUTC(),
                (report, config) -> reports.add(report));
        int exit = RefreshUidsCommand.execute(ctx, args);
        return new Outcome(exit, out.toString(), err.toString(), reports.isEmpty() ? null : reports.get(0));
    }

    static Outcome run(Path workDir, String... args) {
        return run(Map.of(), workDir, RootGuard.notRoot(), args);
    }

    /** The {@code experiments:} section with one role per account, as {@code e<i>: roles: production: account}. */
    static String experiments(List<String> accounts) {
        StringBuilder sb = new StringBuilder("experiments:\n");
        for (int i = 0; i < accounts.size(); i++) {
            sb.append("  e")
                    .append(i)
                    .append(":\n    roles:\n      production:\n        account: ")
                    .append(accounts.get(i))
                    .append('\n');
        }
        return sb.toString();
    }

    static Map<String, Long> uids(Path db) {
        if (!Files.exists(db)) {
            return Map.of();
        }
        try (ManagedTokensDatabase d = ManagedTokensDatabase.openReadOnly(db)) {
            return d.uids();
        }
    }

    static void seed(Path db, Map<String, Long> uids) {
        try (ManagedTokensDatabase d = ManagedTokensDatabase.open(db)) {
            d.upsertUids(uids);
        }
    }
}
