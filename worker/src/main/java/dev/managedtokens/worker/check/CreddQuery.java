package dev.managedtokens.worker.check;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.Outputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks one credd whether it holds a service's credential, with {@code condor_store_cred query-oauth -s <service>}:
 * the storer's own first, read-only step, run in the same environment the storer gets (the service's ticket, its
 * private {@code XDG_RUNTIME_DIR}, no bearer token from the caller's environment), so it authenticates as the
 * service. Nothing is stored and no vault token is minted.
 */
public final class CreddQuery {

    /** How the credd answered; the tool's exit codes are 0 found, 2 scopes or audience differ, 1 anything else. */
    public enum Answer {
        STORED,
        MISMATCH,
        NOT_STORED,
        FAILED,
        TIMED_OUT
    }

    /** @param message one line: the tool's answer or why it could not be had */
    public record Result(String credd, Answer answer, String message, Duration elapsed) {}

    /**
     * @param krb5ccname the service's ticket cache ({@code FILE:...})
     * @param runtimeDir the service's private {@code XDG_RUNTIME_DIR}, where the storer leaves its bearer token
     */
    public record Request(
            String service,
            String credd,
            String collector,
            String krb5ccname,
            Path runtimeDir,
            Map<String, String> baseEnvironment,
            Duration timeout) {
        public Request {
            baseEnvironment = Map.copyOf(baseEnvironment);
        }
    }

    /** What the storer removes from the base environment before it runs (see VaultTokenStorer). */
    private static final List<String> REMOVED = List.of(
            "KRB5CCNAME",
            "_condor_CREDD_HOST",
            "_condor_COLLECTOR_HOST",
            "HTGETTOKENOPTS",
            "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS",
            "BEARER_TOKEN",
            "BEARER_TOKEN_FILE",
            "XDG_RUNTIME_DIR");

    private final ProcessRunner runner;

    public CreddQuery(ProcessRunner runner) {
        this.runner = runner;
    }

    public Result query(Request request) {
        CommandResult r = runner.run(Command.of(argv(request.service()), environment(request), request.timeout()));
        String out = Outputs.redact(r.combinedOutput());
        if (r.timedOut()) {
            return new Result(
                    request.credd(), Answer.TIMED_OUT, "condor_store_cred query-oauth " + r.describe(), r.elapsed());
        }
        if (r.succeeded()) {
            return new Result(request.credd(), Answer.STORED, lastMeaningfulLine(out), r.elapsed());
        }
        if (r.exitCode() == 2) {
            return new Result(request.credd(), Answer.MISMATCH, lastMeaningfulLine(out), r.elapsed());
        }
        Answer a = out.contains("No credential is stored") ? Answer.NOT_STORED : Answer.FAILED;
        return new Result(
                request.credd(),
                a,
                "condor_store_cred query-oauth " + r.describe() + Outputs.suffix(firstMeaningfulLine(out)),
                r.elapsed());
    }

    /**
     * {@code condor_store_cred query-oauth -s <service>}: the action comes first and the service is the argument of
     * {@code -s}, so no name is ever read as an option.
     */
    public static List<String> argv(String service) {
        return List.of("condor_store_cred", "query-oauth", "-s", service);
    }

    static Map<String, String> environment(Request request) {
        Map<String, String> env = new HashMap<>(request.baseEnvironment());
        REMOVED.forEach(env::remove);
        env.put("KRB5CCNAME", request.krb5ccname());
        env.put("_condor_CREDD_HOST", request.credd());
        if (request.collector() != null && !request.collector().isEmpty()) {
            env.put("_condor_COLLECTOR_HOST", request.collector());
        }
        env.put("XDG_RUNTIME_DIR", request.runtimeDir().toString());
        return env;
    }

    /** The first line after the tool's header: where it says why an operation failed. */
    private static String firstMeaningfulLine(String output) {
        for (String line : output.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("Account:") && !t.startsWith("CredType:")) return t;
        }
        return "";
    }

    /** The tool prints its "Account:"/"CredType:" header first; the answer is the last non-empty line. */
    private static String lastMeaningfulLine(String output) {
        String last = "";
        for (String line : output.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("Account:") && !t.startsWith("CredType:")) last = t;
        }
        return last;
    }
}
