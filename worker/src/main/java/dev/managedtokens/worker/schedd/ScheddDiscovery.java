package dev.managedtokens.worker.schedd;

import dev.managedtokens.core.config.NameRules;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.process.Termination;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a service's schedds by asking its collectors ({@code condor_status -schedd -long}) in order, with one
 * answer per (collector, constraint) kept for the life of this object, so a run asks each collector once per
 * constraint however many services share it.
 */
public final class ScheddDiscovery {

    private static final Logger log = LoggerFactory.getLogger(ScheddDiscovery.class);

    private record Key(String collector, String constraint) {}

    /** One collector's answer: the schedd names, or why there are none. */
    private record Answer(List<String> schedds, String problem, boolean timedOut, boolean cancelled) {}

    /** 255 bytes of file name less {@code vt_u<uid>-} (15) and {@code -<experiment>_<role>} (130 at most). */
    static final int MAX_CREDD_NAME = 110;

    private final ProcessRunner runner;
    private final ConcurrentMap<Key, CompletableFuture<Answer>> cache = new ConcurrentHashMap<>();

    public ScheddDiscovery(ProcessRunner runner) {
        this.runner = runner;
    }

    public ScheddResult discover(ScheddRequest request) {
        List<String> collectors = request.collectors();
        if (collectors.isEmpty()) {
            return ScheddResult.failed(
                    new Failure(
                            FailureKind.INVALID_REQUEST,
                            "no collector hosts found; set condorCollectorHost (or condorCollectorHostOverride) for the service"));
        }
        if (request.creddOverride() != null) {
            Optional<String> unsafe = NameRules.fileNamePartProblem(request.creddOverride(), MAX_CREDD_NAME);
            if (unsafe.isPresent()) {
                return ScheddResult.failed(new Failure(
                        FailureKind.INVALID_REQUEST,
                        "the credd " + unsafe.get()
                                + "; its name becomes part of token file names; fix condorCreddHost"));
            }
            return new ScheddResult(collectors.get(0), List.of(request.creddOverride()), null);
        }
        List<String> reasons = new ArrayList<>();
        boolean allTimedOut = true;
        boolean allEmpty = true;
        for (String collector : collectors) {
            Answer answer = answerFor(collector, request);
            if (answer.problem() == null) {
                return new ScheddResult(collector, answer.schedds(), null);
            }
            if (answer.cancelled()) {
                return ScheddResult.failed(new Failure(
                        FailureKind.CANCELLED, "schedd discovery was cancelled while asking collector " + collector));
            }
            reasons.add(collector + ": " + answer.problem());
            allTimedOut &= answer.timedOut();
            allEmpty &= answer.schedds() != null && answer.schedds().isEmpty() && !answer.timedOut();
        }
        FailureKind kind =
                allTimedOut ? FailureKind.TIMEOUT : allEmpty ? FailureKind.NO_SCHEDDS : FailureKind.COMMAND_FAILED;
        return ScheddResult.failed(new Failure(
                kind, "could not retrieve schedds from configured collectors: " + String.join("; ", reasons)));
    }

    private Answer answerFor(String collector, ScheddRequest request) {
        Key key = new Key(collector, request.constraint());
        CompletableFuture<Answer> mine = new CompletableFuture<>();
        CompletableFuture<Answer> existing = cache.putIfAbsent(key, mine);
        if (existing != null) {
            Answer cached = existing.join();
            if (cached.problem() != null) {
                log.debug("collector {} failed on a previous attempt in this run: {}", collector, cached.problem());
            }
            return cached;
        }
        Answer answer;
        try {
            answer = query(collector, request);
        } catch (RuntimeException e) {
            answer = new Answer(null, "condor_status could not be run: " + e, false, false);
        }
        if (answer.cancelled()) {
            cache.remove(key, mine); // a cancelled query says nothing about the collector
        }
        mine.complete(answer);
        return answer;
    }

    private Answer query(String collector, ScheddRequest request) {
        List<String> argv = new ArrayList<>(List.of("condor_status", "-pool", collector));
        if (!request.constraint().isEmpty()) {
            argv.add("-constraint");
            argv.add(request.constraint());
        }
        argv.add("-schedd");
        argv.add("-long");
        CommandResult r = runner.run(Command.of(argv, request.environment(), request.timeout()));
        if (r.termination() == Termination.INTERRUPTED) {
            return new Answer(null, "interrupted", false, true);
        }
        if (r.timedOut()) {
            return new Answer(
                    null,
                    "condor_status timed out after " + request.timeout().toSeconds()
                            + "s; check that the collector is up or raise the vault-storer timeout",
                    true,
                    false);
        }
        if (!r.succeeded()) {
            return new Answer(
                    null,
                    "condor_status failed (" + r.describe() + ")" + Outputs.suffix(Outputs.lastLine(r.combinedOutput()))
                            + "; check the collector host name",
                    false,
                    false);
        }
        List<String> names = new ArrayList<>();
        for (String name : parseScheddNames(r.stdout())) {
            // A schedd's name becomes part of the file its vault token is kept in: it must stay one file name.
            Optional<String> unsafe = NameRules.fileNamePartProblem(name, MAX_CREDD_NAME);
            if (unsafe.isPresent()) {
                log.warn("collector {} lists a schedd that is skipped: {}", collector, unsafe.get());
            } else {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return new Answer(
                    names,
                    "the collector answered with no schedd"
                            + (request.constraint().isEmpty() ? "" : " matching constraint " + request.constraint())
                            + "; check condorCollectorHost and condorScheddConstraint",
                    false,
                    false);
        }
        return new Answer(names, null, false, false);
    }

    /** The {@code Name} of each ad of {@code condor_status -long} output (ads separated by blank lines), unquoted. */
    static List<String> parseScheddNames(String longOutput) {
        List<String> names = new ArrayList<>();
        String name = null;
        for (String line : longOutput.split("\n", -1)) {
            if (line.isBlank()) {
                if (name != null) names.add(name);
                name = null;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase("Name")) {
                name = unquote(line.substring(eq + 1).strip());
            }
        }
        if (name != null) names.add(name);
        return names;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
