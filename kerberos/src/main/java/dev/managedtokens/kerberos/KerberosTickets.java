package dev.managedtokens.kerberos;

import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.Environments;
import dev.managedtokens.core.process.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gets a service's Kerberos ticket from its keytab ({@code kinit -k -t}) into its own cache, then checks with
 * {@code klist} that the cache holds the expected principal.
 */
public final class KerberosTickets {

    private static final Pattern DEFAULT_PRINCIPAL = Pattern.compile("Default principal: (.+)");

    private final ProcessRunner runner;
    private final int account;

    /** For this process's account: its keytabs must be its own and private (see {@link KeytabPermissions}). */
    public KerberosTickets(ProcessRunner runner) {
        this(runner, OwnedPaths.currentUid());
    }

    /** For the account {@code uid}, whose keytabs must belong to it alone. */
    public KerberosTickets(ProcessRunner runner, int uid) {
        this.runner = runner;
        this.account = uid;
    }

    public TicketResult obtain(TicketRequest request) {
        long start = System.nanoTime();
        Optional<String> unsafeKeytab = KeytabPermissions.problem(request.keytab(), account);
        if (unsafeKeytab.isPresent()) {
            return new TicketResult(
                    request, unsafeKeytab.get(), false, "", Duration.ofNanos(System.nanoTime() - start));
        }
        long deadline = start + request.timeout().toNanos();
        Map<String, String> env =
                Environments.with(request.baseEnvironment(), Map.of("KRB5CCNAME", request.krb5ccname()));

        // argv, not a rendered and re-split template: a keytab path with a space must still work.
        List<String> argv = kinitArgv(request.keytab(), request.principal());
        CommandResult kinit = runner.run(Command.of(argv, env, request.timeout()));
        if (!kinit.succeeded()) {
            return failure(
                    request,
                    start,
                    kinit,
                    String.join(" ", argv) + " failed (" + kinit.describe() + "): "
                            + firstLine(kinit.combinedOutput()));
        }

        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        CommandResult klist = runner.run(Command.of(List.of("klist"), env, left));
        if (!klist.succeeded()) {
            return failure(
                    request,
                    start,
                    klist,
                    "klist failed (" + klist.describe() + "): " + firstLine(klist.combinedOutput()));
        }
        Optional<String> found = defaultPrincipal(klist.combinedOutput());
        if (found.isEmpty()) {
            return failure(request, start, klist, "could not find principal in klist output");
        }
        if (!found.get().equals(request.principal())) {
            return failure(
                    request,
                    start,
                    klist,
                    "klist yielded a principal that did not match the configured user " + "principal.  Expected "
                            + request.principal() + ", got " + found.get());
        }
        return TicketResult.ok(request, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * {@code kinit -k -t <keytab> -- <principal>}. The keytab is the argument of {@code -t}, so it is never read
     * as an option; the principal is an operand, and kinit's getopt (which also takes options after operands) would
     * read one starting with {@code -} as options without the {@code --}.
     */
    public static List<String> kinitArgv(Path keytab, String principal) {
        return List.of("kinit", "-k", "-t", keytab.toString(), "--", principal);
    }

    /** The first {@code Default principal:} of klist's output. */
    static Optional<String> defaultPrincipal(String klistOutput) {
        Matcher m = DEFAULT_PRINCIPAL.matcher(klistOutput);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static TicketResult failure(TicketRequest request, long start, CommandResult r, String error) {
        return new TicketResult(
                request,
                r.timedOut() ? "Timeout error: " + error : error,
                r.timedOut(),
                r.combinedOutput(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
