package dev.managedtokens.tokenpush.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.PushRequest;
import dev.managedtokens.worker.push.TokenPusher;
import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.VaultTokenStorer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code token-push --dry-run}: what a run would do for each selected service, printed from the very requests the
 * planner finished for the run (docs/pipeline-steps.md), without running kinit, the storer, ping or push. Only what
 * the run makes as it goes is shown as a placeholder: the credential cache, the runtime directory, htgettoken's
 * bearer-token file.
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
     * One program a step runs, as it runs it: the arguments after the program's name and the variables the step
     * sets for it (the inherited environment left out).
     */
    public record PlannedCommand(String stage, String program, List<String> args, Map<String, String> env) {

        static PlannedCommand of(Stage stage, List<String> argv, Map<String, String> env) {
            return new PlannedCommand(
                    stage.stageLabel(), argv.getFirst(), argv.subList(1, argv.size()), new TreeMap<>(env));
        }

        String line() {
            String vars = env.entrySet().stream()
                    .filter(e -> !e.getKey().equals("KRB5CCNAME"))
                    .map(e -> e.getKey() + "="
                            + (SAFE.matcher(e.getValue()).matches() ? e.getValue() : "\"" + e.getValue() + "\""))
                    .collect(Collectors.joining(" "));
            List<String> argv = new ArrayList<>(List.of(program));
            argv.addAll(args);
            return shell(argv) + (vars.isEmpty() ? "" : "    # " + vars);
        }
    }

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String CACHE = "<run cache dir>/managed-tokens-krb5ccCache-";
    private static final Path RUNTIME_DIR = Path.of("<runtime dir of the service>");

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

    /** The planned commands of a service, in the order the run runs them. */
    static List<PlannedCommand> commands(PlannedService p) {
        ServiceRequests requests = p.requests();
        String krb5ccname = "FILE:" + CACHE + p.name().name();
        List<PlannedCommand> out = new ArrayList<>();
        KerberosRequest kerberos = requests.kerberos();
        out.add(PlannedCommand.of(Stage.KERBEROS, kerberos.kinitArgv(), Map.of("KRB5CCNAME", krb5ccname)));
        out.add(PlannedCommand.of(Stage.KERBEROS, List.of("klist"), Map.of("KRB5CCNAME", krb5ccname)));
        switch (requests.token()) {
            case TokenRequest.Store store -> {
                for (StoreRequest planned : store.credds()) {
                    StoreRequest call = TokenRequest.Store.bind(planned, krb5ccname, RUNTIME_DIR, planned.timeout());
                    out.add(PlannedCommand.of(
                            Stage.TOKEN,
                            VaultTokenStorer.argv(call),
                            setBy(VaultTokenStorer.environment(call, RUNTIME_DIR), call.baseEnvironment())));
                }
            }
            case TokenRequest.Get get -> {
                GetTokenRequest call = get.bind(krb5ccname, get.request().timeout());
                out.add(PlannedCommand.of(
                        Stage.GET_TOKEN,
                        HtgettokenGetter.argv(
                                call,
                                call.storedToken(),
                                call.tmpDir().resolve("managed_tokens_bearer_token_<random>")),
                        setBy(HtgettokenGetter.environment(call), call.baseEnvironment())));
            }
        }
        requests.ping()
                .ifPresent(ping -> ping.nodes()
                        .forEach(node -> out.add(
                                PlannedCommand.of(Stage.PING, NodePinger.argv(ping.pingArgs(), node), Map.of()))));
        requests.push().ifPresent(push -> {
            PushOptions options = push.bind(
                            plannedSource(push),
                            Set.of(),
                            krb5ccname,
                            push.options().timeout())
                    .options();
            for (String node : push.nodes()) {
                for (String dest : push.vaultTokenDestinations()) {
                    out.add(PlannedCommand.of(
                            Stage.PUSH,
                            TokenPusher.argv(
                                    new PushRequest(plannedSource(push), push.account(), node, dest, false, options)),
                            Map.of("KRB5CCNAME", krb5ccname)));
                }
            }
        });
        return out;
    }

    /** The token a push sends: chosen at run time among the fresh ones; this is the one a healthy run picks. */
    private static Path plannedSource(PushPlan push) {
        String svc = push.service();
        return push.credds() != null && !push.credds().isEmpty()
                ? push.tokenRoot()
                        .resolve("vt_u" + push.runUid() + "-"
                                + push.credds().stream().sorted().findFirst().orElseThrow() + "-" + svc)
                : push.tokenRoot().resolve("vt_u" + push.runUid() + "-" + svc);
    }

    /** The variables {@code env} sets or changes relative to {@code base}. */
    private static Map<String, String> setBy(Map<String, String> env, Map<String, String> base) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!v.equals(base.get(k))) out.put(k, v);
        });
        return out;
    }

    private static ServiceDryRun describe(PlannedService p) {
        ServiceSettings s = p.settings();
        ServiceRequests requests = p.requests();
        List<PlannedCommand> commands = commands(p);
        List<String> lines = new ArrayList<>();
        for (PlannedCommand c : commands) {
            String line = c.line();
            if (c.program().equals("klist")) line = "klist    # expects Default principal: " + p.principal();
            if (c.program().equals("kinit"))
                line += "    # KRB5CCNAME=" + c.env().get("KRB5CCNAME");
            lines.add(line);
        }
        List<String> local = new ArrayList<>();
        switch (requests.token()) {
            case TokenRequest.Store store ->
                store.credds().forEach(r -> local.add(r.storedToken().toString()));
            case TokenRequest.Get get -> local.add(get.request().storedToken().toString());
        }
        List<String> remote = new ArrayList<>();
        requests.push().ifPresent(push -> {
            for (String node : push.nodes()) {
                push.vaultTokenDestinations().forEach(dest -> remote.add(node + ":" + dest));
                push.roleFileDestination()
                        .ifPresent(dest -> remote.add(node + ":" + dest + " (role file: " + push.role() + ")"));
            }
        });
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

    /** A command line as a shell would need it typed, for reading and copying; it is never run through a shell. */
    static String shell(List<String> argv) {
        return argv.stream()
                .map(a -> SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
