package dev.managedtokens.worker.push;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a service pushes files: the same for all its nodes and files.
 *
 * @param rsync           the rsync program (a name looked up in the environment's PATH, or a path)
 * @param ssh             the ssh program rsync runs, as it appears at the head of {@code -e}
 * @param sshArgs         the merged ssh options, e.g. {@code [-o, ConnectTimeout=30, ...]}
 * @param rsyncOptions    the rsync options, e.g. {@code [--perms, --chmod=u=r,go=]}
 * @param krb5ccname      the full {@code KRB5CCNAME} value ssh authenticates with (GSSAPI)
 * @param baseEnvironment the environment rsync starts from; KRB5CCNAME is replaced
 * @param timeout         for one push including its retries and sleeps
 * @param numRetries      further attempts after a failed one
 * @param retrySleep      the pause between attempts; never taken past the deadline
 */
public record PushOptions(
        String rsync,
        String ssh,
        List<String> sshArgs,
        List<String> rsyncOptions,
        String krb5ccname,
        Map<String, String> baseEnvironment,
        Duration timeout,
        int numRetries,
        Duration retrySleep) {

    public PushOptions {
        rsync = rsync == null ? "rsync" : rsync;
        ssh = ssh == null ? "ssh" : ssh;
        sshArgs = List.copyOf(sshArgs);
        rsyncOptions = List.copyOf(rsyncOptions);
        baseEnvironment = Map.copyOf(baseEnvironment);
        Objects.requireNonNull(timeout, "timeout");
        retrySleep = retrySleep == null ? Duration.ZERO : retrySleep;
        if (numRetries < 0) throw new IllegalArgumentException("numRetries must not be negative, got " + numRetries);
    }

    public PushOptions withoutRetries() {
        return new PushOptions(
                rsync, ssh, sshArgs, rsyncOptions, krb5ccname, baseEnvironment, timeout, 0, Duration.ZERO);
    }
}
