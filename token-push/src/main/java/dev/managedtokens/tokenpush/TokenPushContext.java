package dev.managedtokens.tokenpush;

import dev.managedtokens.core.cli.RootGuard;
import dev.managedtokens.core.process.Environments;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What token-push takes from the host it runs on. The real one reads the process; tests pass their own (the
 * testbed's environment, a non-root guard, writers they read back), so the command runs in-process.
 *
 * @param environment      the base environment of every child process, and where HTGETTOKENOPTS etc. are read
 * @param workingDirectory the last place the configuration is searched
 * @param tmpRoot          Go's {@code os.TempDir()}: {@code $TMPDIR} or {@code /tmp}
 * @param runUid           the UID running token-push: the {@code vt_u<uid>} of the local token files
 */
public record TokenPushContext(
        Map<String, String> environment,
        Path workingDirectory,
        Path tmpRoot,
        int runUid,
        RootGuard rootGuard,
        PrintWriter out,
        PrintWriter err,
        Clock clock) {

    public TokenPushContext {
        environment = Map.copyOf(environment);
    }

    public static TokenPushContext system() {
        Map<String, String> env = Environments.inherited();
        // The Go service appends these so that condor and kerberos tools are found from cron's minimal PATH.
        env.put("PATH", env.getOrDefault("PATH", "") + ":/usr/bin:/usr/sbin");
        String tmp = env.get("TMPDIR");
        return new TokenPushContext(
                env,
                Path.of("").toAbsolutePath(),
                Path.of(tmp == null || tmp.isEmpty() ? "/tmp" : tmp),
                (int) new com.sun.security.auth.module.UnixSystem().getUid(),
                RootGuard.effectiveUid(),
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                Clock.systemUTC());
    }
}
