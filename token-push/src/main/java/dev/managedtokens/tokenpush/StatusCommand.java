package dev.managedtokens.tokenpush;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.config.ConfigFileException;
import dev.managedtokens.core.config.ConfigLoader;
import dev.managedtokens.core.config.ConfigSearch;
import dev.managedtokens.core.config.LoadedConfig;
import dev.managedtokens.core.config.ServiceSelector;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.DatabaseStatus;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.db.NodeStatus;
import dev.managedtokens.db.ServiceStatus;
import dev.managedtokens.tokenpush.plan.ServiceUid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code token-push status}: per service and node, what the database knows: the last successful push, the current
 * error counts, the UID. Read-only, so a mistyped path never creates an empty database; works on a file the Go
 * service wrote (it has no push history yet).
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Show, per service and node, the last successful push, the current error counts and the UID, from the database.")
final class StatusCommand implements Callable<Integer> {

    private final TokenPushContext context;

    @Option(
            names = {"-c", "--configfile"},
            paramLabel = "FILE",
            description = "The configuration file (for dbLocation and the services' accounts).")
    Path configFile;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    StatusCommand(TokenPushContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        LoadedConfig loaded;
        try {
            loaded = new ConfigLoader(context.environment())
                    .load(configFile, ConfigSearch.standard(context.environment(), context.workingDirectory()));
        } catch (ConfigFileException e) {
            context.err().println("token-push status: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        if (loaded.hasErrors()) {
            loaded.errors().forEach(p -> context.err().println(p.render()));
            return ExitStatus.SETUP_FAILED.code();
        }
        Config config = loaded.configOrThrow();
        List<ServiceSettings> configured = ServiceSelector.select(config, null, null);
        DatabaseStatus status;
        try (ManagedTokensDatabase db = ManagedTokensDatabase.openReadOnly(Path.of(config.dbLocation()))) {
            status = db.status();
        } catch (DatabaseException e) {
            context.err().println("token-push status: " + e.getMessage());
            return ExitStatus.SETUP_FAILED.code();
        }
        // Per service, the UID the run would use (its own desiredUIDOverride, else its account's in the database).
        Map<String, Identity> identities = new HashMap<>();
        for (ServiceSettings s : configured) {
            OptionalLong uid = ServiceUid.of(s, account -> {
                Long stored = status.uids().get(account);
                return stored == null ? OptionalLong.empty() : OptionalLong.of(stored);
            });
            identities.put(s.service().configName(), new Identity(s.account(), uid));
        }
        if (json) {
            printJson(status, identities, context.out());
        } else {
            printTable(status, identities, context.out());
        }
        return ExitStatus.OK.code();
    }

    /** A configured service's account and the UID a run uses for it. */
    private record Identity(String account, OptionalLong uid) {}

    private static void printTable(DatabaseStatus status, Map<String, Identity> identities, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "UID", "SETUP ERRORS", "NODE", "PUSH ERRORS", "LAST SUCCESSFUL PUSH"});
        for (ServiceStatus s : status.services()) {
            String uid = uid(identities.get(s.service()));
            if (s.nodes().isEmpty()) {
                rows.add(new String[] {s.service(), uid, String.valueOf(s.setupErrorCount()), "-", "-", "-"});
            }
            for (NodeStatus n : s.nodes()) {
                rows.add(new String[] {
                    s.service(),
                    uid,
                    String.valueOf(s.setupErrorCount()),
                    n.node(),
                    String.valueOf(n.pushErrorCount()),
                    instant(n.lastSuccess(), status.historyAvailable())
                });
            }
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        if (!status.historyAvailable()) {
            out.println("(no push history yet: the database was last written by the Go service; it starts with the"
                    + " next run of this token-push)");
        }
        out.flush();
    }

    private static void printJson(DatabaseStatus status, Map<String, Identity> identities, PrintWriter out)
            throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("historyAvailable", status.historyAvailable());
        ArrayNode services = root.putArray("services");
        for (ServiceStatus s : status.services()) {
            ObjectNode svc = services.addObject();
            svc.put("service", s.service());
            Identity identity = identities.get(s.service());
            svc.put("account", identity == null ? null : identity.account());
            if (identity == null || identity.uid().isEmpty()) svc.putNull("uid");
            else svc.put("uid", identity.uid().getAsLong());
            svc.put("setupErrorCount", s.setupErrorCount());
            ArrayNode nodes = svc.putArray("nodes");
            for (NodeStatus n : s.nodes()) {
                ObjectNode node = nodes.addObject();
                node.put("node", n.node());
                node.put("pushErrorCount", n.pushErrorCount());
                node.put(
                        "lastSuccessfulPush",
                        n.lastSuccess() == null ? null : n.lastSuccess().toString());
                node.put(
                        "lastAttempt",
                        n.lastAttempt() == null ? null : n.lastAttempt().toString());
                node.put("lastAttemptSucceeded", n.lastAttempt() == null ? null : n.lastAttemptSucceeded());
            }
        }
        out.println(mapper.writeValueAsString(root));
        out.flush();
    }

    /** "?" for a service the configuration no longer has, "-" for one without a UID (the run would skip it). */
    private static String uid(Identity identity) {
        if (identity == null) return "?";
        return identity.uid().isEmpty() ? "-" : Long.toString(identity.uid().getAsLong());
    }

    private static String instant(Instant i, boolean history) {
        if (i == null) return history ? "never" : "unknown";
        return i.toString();
    }
}
