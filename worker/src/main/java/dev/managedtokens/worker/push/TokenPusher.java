package dev.managedtokens.worker.push;

import dev.managedtokens.core.config.NameRules;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.process.Termination;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Copies one file to one node with {@code rsync -e "<ssh> <args>"}, retrying as configured but never past the
 * push's deadline, and not at all once the node is known not to answer ping.
 */
public final class TokenPusher {

    private static final String FAILED = "failed to push file to destination node";

    private final ProcessRunner runner;

    public TokenPusher(ProcessRunner runner) {
        this.runner = runner;
    }

    public PushResult push(PushRequest request) {
        PushOptions o = request.options();
        Deadline deadline = Deadline.after(o.timeout());
        long start = System.nanoTime();
        String where = request.source().getFileName() + " to " + request.account() + "@" + request.node() + ":"
                + request.destination();
        Map<String, String> env = new HashMap<>(o.baseEnvironment());
        if (o.krb5ccname() != null) env.put("KRB5CCNAME", o.krb5ccname());
        List<String> argv;
        try {
            argv = argv(request);
        } catch (IllegalArgumentException e) {
            return result(
                    request,
                    start,
                    0,
                    null,
                    new Failure(FailureKind.INVALID_REQUEST, FAILED + " (" + where + "): " + e.getMessage()));
        }

        int attempts = 0;
        CommandResult last = null;
        for (int attempt = 0; attempt <= o.numRetries(); attempt++) {
            if (deadline.expired()) {
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        new Failure(
                                FailureKind.TIMEOUT,
                                FAILED + " (" + where
                                        + "): context deadline exceeded after " + attempts
                                        + " attempt(s) within the push timeout of "
                                        + o.timeout().toSeconds() + "s"));
            }
            attempts++;
            last = runner.run(Command.of(argv, env, deadline.remaining()));
            if (last.succeeded()) return result(request, start, attempts, last, null);
            if (request.nodeUnpingable()) {
                // Upstream's text, kept: operators grep for it.
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        new Failure(
                                FailureKind.NODE_UNPINGABLE,
                                FAILED
                                        + ": Node " + request.node()
                                        + " was not pingable earlier prior to attempt to push tokens; "
                                        + "rsync " + last.describe()
                                        + Outputs.suffix(Outputs.firstLine(last.combinedOutput()))));
            }
            if (last.termination() == Termination.INTERRUPTED) {
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        new Failure(FailureKind.CANCELLED, FAILED + " (" + where + "): cancelled"));
            }
            if (last.timedOut()) {
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        new Failure(
                                FailureKind.TIMEOUT,
                                FAILED + " (" + where
                                        + "): context deadline exceeded (rsync killed after the push timeout of "
                                        + o.timeout().toSeconds() + "s); check ssh to " + request.node()));
            }
            if (attempt == o.numRetries()) break;
            Duration left = deadline.remaining();
            if (o.retrySleep().compareTo(left) >= 0) {
                // Sleeping would end past the deadline, leaving no time for another attempt: stop now.
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        rsyncFailure(
                                where,
                                last,
                                "; no time left in the push timeout for retry " + (attempt + 1) + " of "
                                        + o.numRetries()));
            }
            try {
                Thread.sleep(o.retrySleep());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result(
                        request,
                        start,
                        attempts,
                        last,
                        new Failure(
                                FailureKind.CANCELLED, FAILED + " (" + where + "): cancelled while waiting to retry"));
            }
        }
        return result(request, start, attempts, last, rsyncFailure(where, last, ""));
    }

    private static Failure rsyncFailure(String where, CommandResult r, String note) {
        String why =
                r.termination() == Termination.FAILED_TO_START ? r.describe() : "rsync command failed: " + r.describe();
        return new Failure(
                FailureKind.COMMAND_FAILED,
                FAILED + " (" + where + "): " + why + Outputs.suffix(Outputs.firstLine(r.combinedOutput())) + note);
    }

    private static PushResult result(
            PushRequest request, long start, int attempts, CommandResult last, Failure failure) {
        return new PushResult(
                request,
                failure,
                attempts,
                Duration.ofNanos(System.nanoTime() - start),
                last == null ? "" : Outputs.redact(last.combinedOutput()));
    }

    /**
     * {@code rsync -e "<ssh> <args>" <options> -- <source> <account>@<node>:<destination>}. After {@code --} rsync
     * reads both as operands. rsync then runs {@code <ssh> <args> -l <account> <node> rsync --server ...}: the
     * account is the argument of {@code -l}, but the node is an operand of ssh that rsync puts there without a
     * {@code --}, so a node or account starting with {@code -} is refused here.
     *
     * @throws IllegalArgumentException for a node or account starting with {@code -}
     */
    public static List<String> argv(PushRequest request) {
        NameRules.requireNotOption("the node", request.node());
        NameRules.requireNotOption("the account", request.account());
        PushOptions o = request.options();
        List<String> argv = new ArrayList<>();
        argv.add(o.rsync());
        argv.add("-e");
        argv.add(sshCommand(o.ssh(), o.sshArgs()));
        argv.addAll(o.rsyncOptions());
        argv.add("--");
        argv.add(request.source().toString());
        argv.add(request.account() + "@" + request.node() + ":" + request.destination());
        return argv;
    }

    /**
     * The {@code -e} value: one string that rsync splits again on spaces. Words with a space or a quote are put in
     * double quotes with inner double quotes doubled, which is how rsync's own splitter keeps them whole.
     */
    static String sshCommand(String ssh, List<String> sshArgs) {
        List<String> words = new ArrayList<>();
        words.add(ssh);
        words.addAll(sshArgs);
        return words.stream().map(TokenPusher::quoteForRsync).collect(Collectors.joining(" "));
    }

    private static String quoteForRsync(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> c == ' ' || c == '"' || c == '\'')) return word;
        return "\"" + word.replace("\"", "\"\"") + "\"";
    }
}
