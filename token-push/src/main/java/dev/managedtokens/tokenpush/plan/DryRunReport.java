package dev.managedtokens.tokenpush.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.managedtokens.core.config.ServiceSettings;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code token-push --dry-run}: what a run would do for each selected service, printed from the very requests the
 * planner finished for the run (docs/pipeline-steps.md), without running kinit, the storer, ping or push. Each step
 * shows its own request ({@link PlannableStep#preview}); only what the run makes as it goes is shown as a
 * placeholder: the credential cache, the runtime directory, htgettoken's bearer-token file.
 */
public record DryRunReport(List<ServiceDryRun> services) {

    /** One service's plan; {@code problem} is set (and the rest empty) when the service cannot be resolved. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ServiceDryRun(
            String service,
            String name,
            String problem,
            Long uid,
            String account,
            String principal,
            String credkey,
            String keytab,
            String vaultServer,
            String tokenGetter,
            String collector,
            List<String> credds,
            List<String> nodes,
            List<String> commands,
            List<String> localFiles,
            List<String> remoteFiles,
            List<PlannedCommand> steps) {}

    /**
     * One program a step runs, as it runs it: the arguments after the program's name and the variables the step sets
     * for it (the inherited environment left out). {@code --dry-run --json} lists these under {@code steps}.
     *
     * @param comment what the text dry run adds after the command line for a reader (what klist expects, where kinit
     *                writes); not part of the JSON
     */
    @JsonIgnoreProperties({"comment"})
    public record PlannedCommand(
            String stage, String program, List<String> args, Map<String, String> env, String comment) {

        public PlannedCommand {
            args = List.copyOf(args);
            env = new TreeMap<>(env);
        }

        public static PlannedCommand of(Stage stage, List<String> argv, Map<String, String> env) {
            return of(stage, argv, env, "");
        }

        public static PlannedCommand of(Stage stage, List<String> argv, Map<String, String> env, String comment) {
            return new PlannedCommand(stage.stageLabel(), argv.getFirst(), argv.subList(1, argv.size()), env, comment);
        }

        /** The variables {@code env} sets or changes relative to {@code base}: what a step adds to the inherited ones. */
        public static Map<String, String> setBy(Map<String, String> env, Map<String, String> base) {
            Map<String, String> out = new TreeMap<>();
            env.forEach((k, v) -> {
                if (!v.equals(base.get(k))) out.put(k, v);
            });
            return out;
        }

        /** The text dry run's line: the command as a shell would need it typed, then the variables it sets. */
        String line() {
            String vars = env.entrySet().stream()
                    .filter(e -> !e.getKey().equals("KRB5CCNAME"))
                    .map(e -> e.getKey() + "="
                            + (SAFE.matcher(e.getValue()).matches() ? e.getValue() : "\"" + e.getValue() + "\""))
                    .collect(Collectors.joining(" "));
            List<String> argv = new ArrayList<>(List.of(program));
            argv.addAll(args);
            return shell(argv)
                    + (vars.isEmpty() ? "" : "    # " + vars)
                    + (comment.isEmpty() ? "" : "    # " + comment);
        }

        /** A command line as a shell would need it typed, for reading and copying; it is never run through a shell. */
        static String shell(List<String> argv) {
            return argv.stream()
                    .map(a -> SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'")
                    .collect(Collectors.joining(" "));
        }
    }

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    public static DryRunReport of(List<ServicePlan> plans) {
        List<ServiceDryRun> out = new ArrayList<>();
        for (ServicePlan plan : plans) {
            switch (plan) {
                case ServicePlan.Unresolvable u ->
                    out.add(new ServiceDryRun(
                            u.name().configName(),
                            u.name().name(),
                            u.reason(),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of(),
                            List.of()));
                case ServicePlan.Ready r -> out.add(describe(r.service()));
            }
        }
        return new DryRunReport(out);
    }

    private static ServiceDryRun describe(PlannedService p) {
        ServiceSettings s = p.settings();
        PlannableStep.Placeholders placeholders =
                PlannableStep.Placeholders.forService(p.name().name());
        List<PlannedCommand> commands = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (ServiceRequests.Planned<?> planned : p.requests().planned()) {
            PlannableStep.Preview preview = planned.preview(placeholders);
            commands.addAll(preview.commands());
            local.addAll(preview.localFiles());
            remote.addAll(preview.remoteFiles());
        }
        List<String> lines = commands.stream().map(PlannedCommand::line).toList();
        return new ServiceDryRun(
                p.name().configName(),
                p.name().name(),
                null,
                p.uid(),
                s.account(),
                p.principal(),
                s.credKey(),
                p.keytab().toString(),
                p.vaultServer(),
                s.tokenGetter().configString(),
                p.collector(),
                p.credds(),
                s.destinationNodes(),
                lines,
                local,
                remote,
                commands);
    }

    public void print(PrintWriter out) {
        for (ServiceDryRun s : services) {
            out.println(s.service()
                    + (s.name().equals(s.service()) ? "" : " (as " + s.name() + ")")
                    + (s.problem() == null ? "" : ": CANNOT RUN: " + s.problem()));
            if (s.problem() != null) {
                continue;
            }
            field(out, "uid", s.uid() + " (account " + s.account() + ")");
            field(out, "principal", s.principal());
            // Where Vault keeps the service's refresh token: an operator checks it against what was onboarded.
            field(out, "credkey", s.credkey());
            field(out, "keytab", s.keytab());
            field(out, "vault server", s.vaultServer());
            field(out, "token getter", s.tokenGetter());
            if (!s.credds().isEmpty()) {
                field(out, "collector", s.collector());
                field(out, "credds", String.join(", ", s.credds()));
            }
            field(out, "nodes", String.join(", ", s.nodes()));
            out.println("  commands:");
            s.commands().forEach(c -> out.println("    " + c));
            out.println("  local token files:");
            s.localFiles().forEach(f -> out.println("    " + f));
            if (!s.remoteFiles().isEmpty()) {
                out.println("  files on the nodes:");
                s.remoteFiles().forEach(f -> out.println("    " + f));
            }
        }
        long bad = services.stream().filter(s -> s.problem() != null).count();
        out.printf(
                "dry run: %d service(s), %d ready, %d cannot run; nothing was run%n",
                services.size(), services.size() - bad, bad);
        out.flush();
    }

    public void printJson(PrintWriter out) {
        try {
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("  %-13s %s%n", name + ":", value);
    }
}
