package dev.managedtokens.ferry.check;

import dev.managedtokens.core.cli.ExecutableCommand;
import dev.managedtokens.core.cli.ExitStatus;
import dev.managedtokens.core.config.Config;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.db.DatabaseException;
import dev.managedtokens.db.ManagedTokensDatabase;
import dev.managedtokens.ferry.AuthMethod;
import dev.managedtokens.ferry.RefreshUidsContext;
import dev.managedtokens.ferry.run.FerryConnector;
import dev.managedtokens.ferry.run.FerrySettingsCheck;
import dev.managedtokens.ferry.run.RunMode;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.ferry.FerryClient;
import dev.managedtokens.worker.ferry.FerryConnection;
import dev.managedtokens.worker.ferry.FerryEndpoint;
import dev.managedtokens.worker.ferry.FerryLookups;
import dev.managedtokens.worker.ferry.FerrySetupException;
import dev.managedtokens.worker.ferry.UidLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code refresh-uids-from-ferry check}: whether the daily refresh would work now, link by link: the ferry section,
 * the authentication (the client certificate loads, or the JWT is obtained), FERRY answering one harmless request
 * (the UID of one configured account) with it, and the database writable by this account. Nothing is written.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Check, without writing anything, that FERRY answers with the configured authentication and"
                + " that the database is writable. Run it as the service account.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:every link works",
            "1:the check could not start (configuration, root)",
            "3:at least one link failed"
        })
public final class FerryCheckCommand extends ExecutableCommand {

    private final RefreshUidsContext context;

    @Option(
            names = {"-c", "--configfile"},
            paramLabel = "FILE",
            description = "The configuration file.")
    Path configFile;

    @Option(
            names = "--authmethod",
            paramLabel = "tls|jwt",
            defaultValue = "tls",
            description = "How to authenticate to FERRY, as for the run: tls (the default) or jwt.")
    String authMethod;

    /** One link: {@code ok} false with the reason and the fix when broken. */
    record Link(String name, String subject, boolean ok, String text, String advice) {}

    public FerryCheckCommand(RefreshUidsContext context) {
        this.context = context;
    }

    @Override
    protected String executable() {
        return "refresh-uids-from-ferry check";
    }

    @Override
    protected String validatingCommand() {
        return "refresh-uids-from-ferry";
    }

    @Override
    protected Path configFile() {
        return configFile;
    }

    @Override
    protected Host host() {
        return new Host(
                context.environment(), context.workingDirectory(), context.rootGuard(), context.out(), context.err());
    }

    @Override
    protected Optional<String> usageProblem() {
        return method().isPresent()
                ? Optional.empty()
                : Optional.of("'" + authMethod + "' is not a supported" + " authentication method; use tls or jwt");
    }

    private Optional<AuthMethod> method() {
        return switch (authMethod) {
            case "tls" -> Optional.of(AuthMethod.TLS);
            case "jwt" -> Optional.of(AuthMethod.JWT);
            case null, default -> Optional.empty();
        };
    }

    @Override
    protected int run(Config config) {
        AuthMethod method = method().orElseThrow();
        long t0 = System.nanoTime();
        List<Link> links = new ArrayList<>();
        List<String> problems = FerrySettingsCheck.problems(config, method);
        if (!problems.isEmpty()) {
            links.add(new Link(
                    "config",
                    config.file().toString(),
                    false,
                    String.join("; ", problems),
                    "fix the ferry section (refresh-uids-from-ferry --validate-config lists the problems)"));
        } else {
            links.add(new Link(
                    "config", config.file().toString(), true, "ferry section usable for --authmethod " + method, ""));
            ferry(config, method, links);
        }
        links.add(database(Path.of(config.dbLocation())));
        long ok = links.stream().filter(Link::ok).count();
        boolean unicode = System.out.charset().newEncoder().canEncode("✓✗");
        int width = Math.max(
                1,
                Math.min(
                        40,
                        links.stream().mapToInt(l -> l.subject().length()).max().orElse(1)));
        for (Link l : links) {
            context.out()
                    .println(("  " + (l.ok() ? (unicode ? "✓" : "+") : (unicode ? "✗" : "X")) + " "
                                    + String.format("%-9s", l.name()) + String.format("%-" + width + "s", l.subject())
                                    + "  "
                                    + l.text())
                            .stripTrailing());
            if (!l.ok() && !l.advice().isEmpty()) context.out().println("      what to do: " + l.advice());
        }
        context.out()
                .println(links.size() + " links: " + ok + " " + (unicode ? "✓" : "+") + ", "
                        + (links.size() - ok) + " " + (unicode ? "✗" : "X") + ", in "
                        + String.format("%.1f", (System.nanoTime() - t0) / 1e9) + "s");
        context.out().flush();
        return ok == links.size() ? ExitStatus.OK.code() : ExitStatus.SOME_FAILED.code();
    }

    /** The authentication, then one request with it: the UID of the first configured account. */
    private void ferry(Config config, AuthMethod method, List<Link> links) {
        FerryEndpoint endpoint =
                new FerryEndpoint(config.ferry().host(), config.ferry().port());
        Deadline deadline = Deadline.after(config.timeouts().global());
        FerryConnection connection;
        RunMode mode = new RunMode(true, method, false, true, Optional.empty());
        try (ProcessRunner runner = new ProcessRunner(config.maxConcurrentProcesses())) {
            connection =
                    FerryConnector.connect(config, mode, runner, context.environment(), context.tmpRoot(), deadline);
        } catch (FerrySetupException e) {
            links.add(new Link(
                    "auth",
                    method.toString(),
                    false,
                    e.getMessage(),
                    method == AuthMethod.TLS
                            ? "check ferry.hostCert, ferry.hostKey and ferry.caPath"
                            : "check ferry.serviceKeytabPath, ferry.serviceKerberosPrincipal and ferry.vaultServer"));
            return;
        }
        links.add(new Link("auth", method.toString(), true, connection.description(), ""));
        Optional<String> account =
                config.accounts().stream().filter(a -> !a.isBlank()).sorted().findFirst();
        if (account.isEmpty()) {
            links.add(new Link(
                    "ferry",
                    endpoint.toString(),
                    false,
                    "no account is configured to ask FERRY about",
                    "configure experiments.<E>.roles.<R>.account"));
            return;
        }
        FerryLookups lookups;
        try (FerryClient client =
                new FerryClient(endpoint, connection, config.timeouts().ferryRequest(), 1)) {
            lookups = client.lookUp(List.of(account.get()), deadline);
        }
        UidLookup one = lookups.lookups().get(0);
        if (one.succeeded()) {
            links.add(new Link(
                    "ferry",
                    endpoint.toString(),
                    true,
                    "the UID of " + account.get() + " read in " + one.elapsed().toMillis() + " ms",
                    ""));
        } else if (!one.failure().kind().connectionLevel()) {
            // FERRY answered, with our authentication: the link works even if this account has no UID there.
            links.add(new Link(
                    "ferry",
                    endpoint.toString(),
                    true,
                    "answered (" + one.failure().message() + ")",
                    ""));
        } else {
            links.add(new Link(
                    "ferry",
                    endpoint.toString(),
                    false,
                    one.failure().message(),
                    "check that FERRY at " + endpoint + " is up and accepts this authentication"));
        }
    }

    /** Readable with our identity and writable by this account; opened read-only, so nothing changes. */
    private static Link database(Path db) {
        try (ManagedTokensDatabase d = ManagedTokensDatabase.openReadOnly(db)) {
            int uids = d.uids().size();
            Path dir = db.toAbsolutePath().getParent();
            if (!Files.isWritable(db) || !Files.isWritable(dir)) {
                return new Link(
                        "database",
                        db.toString(),
                        false,
                        (Files.isWritable(db) ? dir : db) + " is not writable by this account",
                        "chown the database and its directory to the account" + " running refresh-uids-from-ferry");
            }
            return new Link("database", db.toString(), true, "writable, " + uids + " UIDs", "");
        } catch (DatabaseException e) {
            if (!Files.exists(db) && Files.isWritable(db.toAbsolutePath().getParent())) {
                return new Link("database", db.toString(), true, "not created yet; the first run creates it", "");
            }
            return new Link("database", db.toString(), false, e.getMessage(), "check dbLocation");
        }
    }
}
