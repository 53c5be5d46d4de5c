package dev.managedtokens.tokenpush.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.WorkerType;
import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.kerberos.KerberosTickets;
import dev.managedtokens.tokenpush.run.RunMode;
import dev.managedtokens.worker.push.PushOptions;
import dev.managedtokens.worker.push.PushRequest;
import dev.managedtokens.worker.push.TokenPusher;
import dev.managedtokens.worker.ping.NodePinger;
import dev.managedtokens.worker.vault.GetTokenRequest;
import dev.managedtokens.worker.vault.HtgettokenGetter;
import dev.managedtokens.worker.vault.StoreRequest;
import dev.managedtokens.worker.vault.VaultTokenStorer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code token-push --dry-run}: what a run would do for each selected service, with the exact command lines and
 * destination files, computed by the same code the run uses, without running kinit, the storer, ping or push.
 */
public record DryRunReport(List<ServiceDryRun> services) {

    /** One service's plan; {@code problem} is set (and the rest empty) when the service cannot be resolved. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ServiceDryRun(String service, String name, String problem, Long uid, String account,
                                String principal, String credkey, String keytab, String vaultServer,
                                String tokenGetter, String collector, List<String> credds, List<String> nodes,
                                List<String> commands, List<String> localFiles, List<String> remoteFiles) {}

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    private static final String CACHE = "<run cache dir>/managed-tokens-krb5ccCache-";

    public static DryRunReport of(Config config, List<ServicePlan> plans, RunMode mode, Path tmpRoot, int runUid) {
        List<ServiceDryRun> out = new ArrayList<>();
        for (ServicePlan plan : plans) {
            switch (plan) {
                case ServicePlan.Unresolvable u -> out.add(new ServiceDryRun(u.name().configName(), u.name().name(),
                        u.reason(), null, null, null, null, null, null, null, null, List.of(), List.of(), List.of(),
                        List.of(), List.of()));
                case ServicePlan.Ready r -> out.add(describe(config, r.service(), mode, tmpRoot, runUid));
            }
        }
        return new DryRunReport(out);
    }

    private static ServiceDryRun describe(Config config, PlannedService p, RunMode mode, Path tmpRoot, int runUid) {
        ServiceSettings s = p.settings();
        String svc = p.name().name();
        String krb5ccname = "FILE:" + CACHE + svc;
        Path tokenRoot = Path.of(s.tokenRoot());
        Duration storerTimeout = mode.tokenStepTimeout(config.timeouts().vaultStorer());
        List<String> commands = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> remote = new ArrayList<>();

        commands.add(shell(KerberosTickets.kinitArgv(p.keytab(), p.principal()))
                + "    # KRB5CCNAME=" + krb5ccname);
        commands.add("klist    # expects Default principal: " + p.principal());
        if (p.storesInCredds()) {
            for (String credd : p.credds()) {
                StoreRequest req = new StoreRequest(svc, credd, p.collector(), p.vaultServer(), krb5ccname,
                        s.htgettokenOpts(), tokenRoot, Path.of("/tmp"), runUid, null, Map.of(), storerTimeout,
                        mode.onboarding(), mode.verbose());
                commands.add(shell(VaultTokenStorer.argv(req)) + "    # _condor_CREDD_HOST=" + credd
                        + " _condor_COLLECTOR_HOST=" + p.collector() + " HTGETTOKENOPTS=\"" + s.htgettokenOpts()
                        + "\" _condor_SEC_CREDENTIAL_GETTOKEN_OPTS=\"-a " + p.vaultServer() + "\"");
                local.add(req.storedToken().toString());
            }
        } else {
            GetTokenRequest req = new GetTokenRequest(svc, p.name().realExperiment(), p.name().role(),
                    p.vaultServer(), krb5ccname, s.htgettokenOpts(), tokenRoot, tmpRoot, runUid, Map.of(),
                    storerTimeout, mode.onboarding(), mode.verbose());
            commands.add(shell(HtgettokenGetter.argv(req, req.storedToken(), tmpRoot.resolve(
                    "managed_tokens_bearer_token_<random>"))) + "    # HTGETTOKENOPTS=\"" + s.htgettokenOpts() + "\"");
            local.add(req.storedToken().toString());
        }
        if (!mode.stopsAfterTokens()) {
            List<String> pingArgs = OptionMerger.pingOptions(s.pingOptions());
            var retry = config.retries().of(WorkerType.PUSH_TOKENS);
            PushOptions options = new PushOptions("rsync", "ssh", OptionMerger.sshOptions(s.sshOptions()),
                    s.fileCopierOptions(), krb5ccname, Map.of(), config.timeouts().push(), retry.numRetries(),
                    retry.retrySleep());
            Path source = p.storesInCredds() && !p.credds().isEmpty()
                    ? tokenRoot.resolve("vt_u" + runUid + "-" + p.credds().stream().sorted().findFirst().orElseThrow()
                            + "-" + svc)
                    : tokenRoot.resolve("vt_u" + runUid + "-" + svc);
            for (String node : s.destinationNodes()) {
                commands.add(shell(NodePinger.argv(pingArgs, node)));
                for (String dest : List.of("/tmp/vt_u" + p.uid(), "/tmp/vt_u" + p.uid() + "-" + svc)) {
                    commands.add(shell(TokenPusher.argv(new PushRequest(source, s.account(), node, dest, false,
                            options))));
                    remote.add(node + ":" + dest);
                }
                p.roleFileDestination().ifPresent(dest -> remote.add(node + ":" + dest + " (role file: "
                        + p.name().role() + ")"));
            }
        }
        return new ServiceDryRun(p.name().configName(), svc, null, p.uid(), s.account(), p.principal(),
                s.credKey(), p.keytab().toString(), p.vaultServer(), s.tokenGetter().configString(), p.collector(),
                p.credds(), s.destinationNodes(), commands, local, remote);
    }

    public void print(PrintWriter out) {
        for (ServiceDryRun s : services) {
            out.println(s.service() + (s.name().equals(s.service()) ? "" : " (as " + s.name() + ")")
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
        out.printf("dry run: %d service(s), %d ready, %d cannot run; nothing was run%n", services.size(),
                services.size() - bad, bad);
        out.flush();
    }

    public void printJson(PrintWriter out) {
        try {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this));
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
        return argv.stream().map(a -> SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
