package dev.managedtokens.ferry;

import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.core.process.Environments;
import dev.managedtokens.ferry.report.NotifyAndPushMetrics;
import dev.managedtokens.ferry.run.RefreshReportSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What refresh-uids-from-ferry takes from the host it runs on. The real one reads the process; tests pass their own
 * (the testbed's environment, a non-root guard, writers they read back), so the command runs in-process.
 *
 * @param environment      the base environment of kinit, klist and htgettoken, and where the configuration's
 *                         environment variables are read
 * @param workingDirectory the last place the configuration is searched
 * @param tmpRoot          {@code $TMPDIR} or {@code /tmp}: JWT mode's private Kerberos cache and token directories
 * @param reportSink       where the finished run's report goes: admin notifications and metrics
 */
public record RefreshUidsContext(
        Map<String, String> environment,
        Path workingDirectory,
        Path tmpRoot,
        RootGuard rootGuard,
        PrintWriter out,
        PrintWriter err,
        Clock clock,
        RefreshReportSink reportSink) {

    public RefreshUidsContext {
        environment = Map.copyOf(environment);
    }

    public static RefreshUidsContext system() {
        Map<String, String> env = Environments.inherited();
        // As the Go service: kinit, klist and htgettoken are found from cron's minimal PATH.
        env.put("PATH", env.getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin");
        String tmp = env.get("TMPDIR");
        Clock clock = Clock.systemUTC();
        return new RefreshUidsContext(
                env,
                Path.of("").toAbsolutePath(),
                Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp),
                RootGuard.effectiveUid(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                clock,
                new NotifyAndPushMetrics(clock, clock.instant()));
    }

    /** The same host with another report sink. */
    public RefreshUidsContext withReportSink(RefreshReportSink sink) {
        return new RefreshUidsContext(environment, workingDirectory, tmpRoot, rootGuard, out, err, clock, sink);
    }
}
