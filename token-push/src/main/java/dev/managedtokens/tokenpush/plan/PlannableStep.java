package dev.managedtokens.tokenpush.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The planning half of a pipeline step: its request, finished before anything runs, and what the dry run shows of
 * it. The step classes of the run implement it together with running the request, so that a step is one class; the
 * planner and the dry run know the steps only through this interface. See docs/pipeline-steps.md.
 *
 * @param <R> the step's finished request
 */
public interface PlannableStep<R> {

    /**
     * The step's finished request for one service: arguments, environment, paths, merged options, timeouts and
     * retries, everything but what the run makes as it goes. Empty when this run does not run the step (test mode
     * and onboarding without {@code -p} stop after the token).
     */
    Optional<R> plan(PlanningContext context);

    /** The stage the request runs as: its metric label, its timeout key and its retry key. */
    Stage stage(R request);

    /**
     * What {@code --dry-run} shows of the request: the programs as the step would run them, with placeholders for
     * what the run makes, and the files it would write. Built from the request itself, never from the
     * configuration, so the dry run cannot drift from the run.
     */
    default Preview preview(R request, Placeholders placeholders) {
        return Preview.NONE;
    }

    /**
     * What the dry run shows of one step's request.
     *
     * @param commands    the programs the step runs, in order
     * @param localFiles  the files it writes on this host
     * @param remoteFiles the files it writes on the nodes, as {@code node:path}
     */
    record Preview(List<DryRunReport.PlannedCommand> commands, List<String> localFiles, List<String> remoteFiles) {

        public static final Preview NONE = new Preview(List.of(), List.of(), List.of());

        public Preview {
            commands = List.copyOf(commands);
            localFiles = List.copyOf(localFiles);
            remoteFiles = List.copyOf(remoteFiles);
        }

        public static Preview of(List<DryRunReport.PlannedCommand> commands) {
            return new Preview(commands, List.of(), List.of());
        }
    }

    /**
     * What the dry run shows in place of what a run makes as it goes: the service's credential cache and its
     * private runtime directory. A step binds its planned request with these, as the run binds it with the real
     * ones.
     *
     * @param krb5ccname the {@code KRB5CCNAME} every program of the service runs with after kinit
     * @param runtimeDir the service's {@code XDG_RUNTIME_DIR}
     */
    record Placeholders(String krb5ccname, Path runtimeDir) {

        static Placeholders forService(String service) {
            return new Placeholders(
                    "FILE:<run cache dir>/managed-tokens-krb5ccCache-" + service,
                    Path.of("<runtime dir of the service>"));
        }
    }
}
