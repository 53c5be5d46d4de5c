package dev.managedtokens.tokenpush.check;

import dev.managedtokens.core.config.Timeouts;
import dev.managedtokens.core.files.OwnedPaths;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.kerberos.KeytabPermissions;
import dev.managedtokens.kerberos.TicketRequest;
import dev.managedtokens.kerberos.TicketResult;
import dev.managedtokens.worker.Deadline;
import dev.managedtokens.worker.check.CreddQuery;
import dev.managedtokens.worker.check.KeytabListing;
import dev.managedtokens.worker.check.NodeFileListing;
import dev.managedtokens.worker.ping.NodePingResult;
import dev.managedtokens.worker.ping.PingRequest;
import dev.managedtokens.worker.ping.PingResult;
import dev.managedtokens.worker.schedd.ScheddRequest;
import dev.managedtokens.worker.schedd.ScheddResult;
import dev.managedtokens.worker.vault.BearerTokenShadow;
import dev.managedtokens.worker.vault.VaultPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Walks one service's chain link by link, as the run would: setup, keytab, Kerberos, pool, every credd, the local
 * token copies, ping, then the token files on every node. Every program gets the run's timeout for its step, never
 * past the check's deadline; the nodes are asked all at once, so one slow node holds up no other.
 */
final class ServiceCheck {

    private final CheckTarget t;
    private final CheckTools tools;
    private final Timeouts timeouts;
    private final CredentialCaches caches;
    private final Map<String, String> environment;
    private final int runUid;
    private final Duration staleAfter;
    private final Clock clock;
    private final Deadline deadline;
    /** The collector that answered: the storer's {@code _condor_COLLECTOR_HOST}. */
    private String collector = "";

    ServiceCheck(
            CheckTarget target,
            CheckTools tools,
            Timeouts timeouts,
            CredentialCaches caches,
            Map<String, String> environment,
            int runUid,
            Duration staleAfter,
            Clock clock,
            Deadline deadline) {
        this.t = target;
        this.tools = tools;
        this.timeouts = timeouts;
        this.caches = caches;
        this.environment = Map.copyOf(environment);
        this.runUid = runUid;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.deadline = deadline;
    }

    ServiceCheckResult run() {
        List<LinkResult> links = new ArrayList<>();
        links.add(setup());
        boolean keytabUsable = keytab(links);
        Optional<String> krb5ccname = kerberos(links, keytabUsable);
        List<String> credds = pool(links);
        credds(links, credds, krb5ccname);
        localCopies(links, credds);
        nodes(links, krb5ccname);
        return new ServiceCheckResult(t.configName(), t.name(), t.account(), t.uid(), links);
    }

    private LinkResult setup() {
        if (t.setupProblem().isPresent()) {
            return LinkResult.failed(
                    "setup",
                    t.configName(),
                    t.setupProblem().get(),
                    "the run skips this service until this is fixed (token-push --dry-run -s " + t.configName()
                            + " shows what it resolves)");
        }
        return LinkResult.ok("setup", t.configName(), t.setupFigure());
    }

    /** Present, the running account's alone, and holding the principal. */
    private boolean keytab(List<LinkResult> links) {
        Path keytab = t.keytab();
        if (!Files.exists(keytab)) {
            links.add(LinkResult.failed(
                    "keytab",
                    keytab.toString(),
                    "keytab " + keytab + " does not exist",
                    "install the keytab of " + t.account() + " there, or set keytabPath/keytabPathOverride"));
            return false;
        }
        Optional<String> unsafe = KeytabPermissions.problem(keytab, runUid);
        if (unsafe.isPresent()) {
            links.add(LinkResult.failed(
                    "keytab",
                    keytab.toString(),
                    unsafe.get(),
                    "make it private to the account running token-push (the command is in the reason)"));
            return false;
        }
        if (t.principal().isEmpty()) {
            links.add(LinkResult.failed(
                    "keytab",
                    keytab.toString(),
                    "the service has no principal to look for",
                    "set kerberosPrincipalPattern or userPrincipalOverride"));
            return false;
        }
        KeytabListing.Result listed = tools.keytabs().list(keytab, environment, cap(timeouts.kerberos()));
        if (!listed.succeeded()) {
            links.add(LinkResult.failed(
                    "keytab",
                    keytab.toString(),
                    listed.failure(),
                    "check that " + keytab + " is a keytab readable by this account"));
            return false;
        }
        String principal = t.principal().get();
        String mode = mode(keytab);
        if (!listed.principals().contains(principal)) {
            links.add(LinkResult.failed(
                    "keytab",
                    keytab.toString(),
                    "keytab " + keytab + " does not hold " + principal
                            + " (it holds "
                            + (listed.principals().isEmpty() ? "no principal" : String.join(", ", listed.principals()))
                            + ")",
                    "get a keytab for " + principal + ", or fix kerberosPrincipalPattern/userPrincipalOverride"));
            return false;
        }
        links.add(LinkResult.ok("keytab", keytab.toString(), "mode " + mode + ", holds " + principal));
        return true;
    }

    /** A ticket into a throwaway cache of the check's private directory; the cache goes with the directory. */
    private Optional<String> kerberos(List<LinkResult> links, boolean keytabUsable) {
        if (!keytabUsable || t.principal().isEmpty()) {
            links.add(LinkResult.skipped("kerberos", t.principal().orElse(""), "no usable keytab"));
            return Optional.empty();
        }
        Path cache = caches.newCacheFor(t.name());
        TicketResult r = tools.kerberos()
                .obtain(new TicketRequest(
                        t.name(), t.keytab(), t.principal().get(), cache, environment, cap(timeouts.kerberos())));
        if (!r.succeeded()) {
            links.add(LinkResult.failed(
                    "kerberos",
                    t.principal().get(),
                    r.error(),
                    "check that the KDC of the principal's realm answers (krb5.conf) and that the keytab's key is"
                            + " current (kvno)"));
            return Optional.empty();
        }
        links.add(LinkResult.ok("kerberos", t.principal().get(), "ticket obtained in " + millis(r.elapsed())));
        return Optional.of("FILE:" + cache);
    }

    /** The credds the token goes to, from the collector (or the override); empty for getToken services. */
    private List<String> pool(List<LinkResult> links) {
        if (!t.storesInCredds()) {
            links.add(LinkResult.skipped("pool", "", "getToken service: no credd"));
            return List.of();
        }
        ScheddResult r = tools.schedds()
                .discover(new ScheddRequest(
                        t.collectorHosts(),
                        t.scheddConstraint().orElse(null),
                        t.creddOverride().orElse(null),
                        environment,
                        cap(timeouts.vaultStorer())));
        if (!r.succeeded()) {
            links.add(LinkResult.failed(
                    "pool",
                    t.collectorHosts(),
                    r.failure().message(),
                    "check that the collector " + t.collectorHosts() + " runs and answers condor_status -schedd"));
            return List.of();
        }
        collector = r.collector();
        String how = t.creddOverride().isPresent()
                ? "credd override (collector not asked): "
                : "collector " + r.collector() + " lists ";
        links.add(LinkResult.ok("pool", r.collector(), how + String.join(", ", r.schedds())));
        return r.schedds();
    }

    /** condor_store_cred query-oauth in each credd, one after another as the storer goes. */
    private void credds(List<LinkResult> links, List<String> credds, Optional<String> krb5ccname) {
        Path runtimeDir = credds.isEmpty() ? t.runtimeDir() : queryRuntimeDir();
        for (String credd : credds) {
            if (krb5ccname.isEmpty()) {
                links.add(LinkResult.skipped("credd", credd, "no Kerberos ticket"));
                continue;
            }
            CreddQuery.Result r = tools.credds()
                    .query(new CreddQuery.Request(
                            t.name(),
                            credd,
                            collector,
                            krb5ccname.get(),
                            runtimeDir,
                            environment,
                            cap(timeouts.vaultStorer())));
            links.add(
                    switch (r.answer()) {
                        case STORED -> LinkResult.ok("credd", credd, r.message());
                        case MISMATCH ->
                            LinkResult.warning(
                                    "credd",
                                    credd,
                                    "",
                                    "credd " + credd + ": a credential for " + t.name()
                                            + " is stored but its scopes or audience differ (" + r.message() + ")",
                                    "the storer will refuse it: condor_store_cred delete-oauth -s " + t.name()
                                            + " in that credd, then run token-push -s " + t.configName());
                        case NOT_STORED ->
                            LinkResult.failed(
                                    "credd",
                                    credd,
                                    "credd " + credd + " holds no credential for " + t.name() + " (" + r.message()
                                            + ")",
                                    "run token-push -s " + t.configName()
                                            + "; if its token step fails, onboard again with token-push -r -s "
                                            + t.configName());
                        case FAILED, TIMED_OUT ->
                            LinkResult.failed(
                                    "credd",
                                    credd,
                                    "credd " + credd + ": " + r.message(),
                                    "check that the credd on " + credd + " runs and lets "
                                            + t.principal().orElse(t.account()) + " authenticate");
                    });
        }
    }

    /**
     * The service's private {@code XDG_RUNTIME_DIR} when the run has left its bearer token there, so the query
     * authenticates as the storer's does. Before the first store it has none, and HTCondor's token discovery would
     * go on to {@code /tmp/bt_u<uid>}, possibly another service's; the check does not create the run's directory,
     * but a throwaway one beside its ticket caches, with the run's placeholder that stops discovery there (the query
     * then authenticates with the service's ticket, as the storer's first query would).
     */
    private Path queryRuntimeDir() {
        if (Files.exists(t.runtimeDir().resolve("bt_u" + runUid), LinkOption.NOFOLLOW_LINKS)) {
            return t.runtimeDir();
        }
        try {
            Path dir = Files.createDirectory(
                    caches.directory().resolve("xdg-runtime-" + t.name()),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            BearerTokenShadow.ensure(dir, runUid);
            return dir;
        } catch (IOException e) {
            return t.runtimeDir();
        }
    }

    /** The tokens the run keeps between runs, one per credd (or one for getToken): present, private, dated. */
    private void localCopies(List<LinkResult> links, List<String> credds) {
        List<String> keys = t.storesInCredds() ? credds : java.util.Collections.singletonList(null);
        for (String credd : keys) {
            Path p;
            try {
                p = VaultPaths.storedToken(t.tokenRoot(), runUid, credd, t.name());
            } catch (IllegalArgumentException e) {
                links.add(LinkResult.failed("local", String.valueOf(credd), e.getMessage(), "fix the service name"));
                continue;
            }
            links.add(localCopy(p));
        }
    }

    private LinkResult localCopy(Path p) {
        Optional<OwnedPaths.Stat> st;
        try {
            st = OwnedPaths.lstat(p);
        } catch (IOException e) {
            return LinkResult.failed(
                    "local",
                    p.toString(),
                    "cannot read " + p + ": " + e.getMessage(),
                    "check the permissions of " + p.getParent());
        }
        if (st.isEmpty()) {
            return LinkResult.failed(
                    "local",
                    p.toString(),
                    "token copy " + p + " is missing",
                    "the next successful token step writes it; see the kerberos and credd lines");
        }
        FileState f;
        try {
            Map<String, Object> a =
                    Files.readAttributes(p, "unix:uid,mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            long mtime = ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime"))
                    .toInstant()
                    .getEpochSecond();
            f = new FileState(
                    p.toString(),
                    true,
                    (Integer) a.get("uid"),
                    "",
                    (Integer) a.get("mode") & 07777,
                    (Long) a.get("size"),
                    mtime,
                    clock.instant().getEpochSecond() - mtime);
        } catch (IOException e) {
            return LinkResult.failed(
                    "local",
                    p.toString(),
                    "cannot read " + p + ": " + e.getMessage(),
                    "check the permissions of " + p.getParent());
        }
        String figure = String.format("%04o", f.mode()) + ", " + f.size() + " B, " + age(f.ageSeconds()) + " old";
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return LinkResult.failed(
                            "local",
                            p.toString(),
                            p + " is not a regular file",
                            "remove it; the next run" + " writes the token there")
                    .withFiles(List.of(f));
        }
        if (f.uid() != runUid) {
            return LinkResult.failed(
                            "local",
                            p.toString(),
                            p + " belongs to uid " + f.uid() + ", not to the account" + " running token-push (uid "
                                    + runUid + ")",
                            "chown it to that account, or remove it")
                    .withFiles(List.of(f));
        }
        if ((f.mode() & 077) != 0) {
            return LinkResult.failed(
                            "local",
                            p.toString(),
                            p + " is readable by group or others (" + figure + ")",
                            "chmod 600 " + p)
                    .withFiles(List.of(f));
        }
        return new LinkResult("local", p.toString(), Verdict.OK, figure, "", "", List.of(f));
    }

    /**
     * Per node, on its own thread: ping, then list its token files over ssh. A node that does not answer ping
     * holds up only its own listing (the push is still tried after a failed ping, so the listing is too).
     */
    private void nodes(List<LinkResult> links, Optional<String> krb5ccname) {
        if (t.nodes().isEmpty()) {
            links.add(LinkResult.skipped("node", "", "no destinationNodes"));
            return;
        }
        List<LinkResult> pings = new ArrayList<>();
        List<LinkResult> listings = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<LinkResult>>> futures = new ArrayList<>();
            for (String node : t.nodes()) {
                futures.add(threads.submit(() -> List.of(ping(node), nodeFiles(node, krb5ccname))));
            }
            for (int i = 0; i < futures.size(); i++) {
                String node = t.nodes().get(i);
                try {
                    List<LinkResult> both = futures.get(i).get();
                    pings.add(both.get(0));
                    listings.add(both.get(1));
                } catch (ExecutionException e) {
                    listings.add(
                            LinkResult.failed("node", node, "the check of " + node + " failed: " + e.getCause(), ""));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    listings.add(LinkResult.failed("node", node, "interrupted", ""));
                }
            }
        }
        links.addAll(pings);
        links.addAll(listings);
    }

    /** The run's ping of one node, with the service's ping options and timeout. */
    private LinkResult ping(String node) {
        PingResult pinged = tools.pinger()
                .ping(new PingRequest(t.name(), List.of(node), t.pingArgs(), environment, cap(timeouts.ping())));
        NodePingResult n = pinged.nodes().get(0);
        return n.succeeded()
                ? LinkResult.ok("ping", n.node(), "answered in " + millis(n.elapsed()))
                : LinkResult.failed(
                        "ping",
                        n.node(),
                        n.failure().message(),
                        "the run still tries the push after a failed ping: see the node line of " + n.node());
    }

    private LinkResult nodeFiles(String node, Optional<String> krb5ccname) {
        if (t.uid().isEmpty()) {
            return LinkResult.skipped("node", node, "no UID for " + t.account() + ": token file names unknown");
        }
        if (krb5ccname.isEmpty()) {
            return LinkResult.skipped("node", node, "no Kerberos ticket for ssh");
        }
        long uid = t.uid().getAsLong();
        List<String> tokens = List.of("/tmp/vt_u" + uid, "/tmp/vt_u" + uid + "-" + t.name());
        List<String> paths = new ArrayList<>(tokens);
        t.roleFile().ifPresent(paths::add);
        NodeFileListing.Result r = tools.nodeFiles()
                .list(new NodeFileListing.Request(
                        node, t.account(), t.sshArgs(), krb5ccname.get(), paths, environment, cap(timeouts.push())));
        if (!r.succeeded()) {
            return LinkResult.failed(
                    "node",
                    node,
                    r.failure(),
                    "check that sshd runs on " + node + " and accepts GSSAPI logins for " + t.account()
                            + " (the push uses the same ssh)");
        }
        List<FileState> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (String path : paths) {
            boolean token = tokens.contains(path);
            Optional<NodeFileListing.NodeFile> f = r.file(path);
            if (f.isEmpty()) {
                files.add(FileState.missing(path));
                (token ? problems : warnings).add(path + " is missing on " + node);
                continue;
            }
            NodeFileListing.NodeFile nf = f.get();
            long ageSeconds = Math.max(0, r.nodeEpochSecond() - nf.mtimeEpochSecond());
            FileState st = new FileState(
                    path, true, nf.uid(), nf.owner(), nf.mode(), nf.size(), nf.mtimeEpochSecond(), ageSeconds);
            files.add(st);
            figures.add(Path.of(path).getFileName() + " " + nf.owner() + " " + String.format("%04o", nf.mode()) + " "
                    + nf.size() + " B " + age(ageSeconds));
            if (nf.uid() != uid) {
                problems.add(path + " on " + node + " belongs to uid " + nf.uid() + " (" + nf.owner() + "), not to "
                        + t.account() + " (uid " + uid + ")");
            } else if ((nf.mode() & 077) != 0) {
                problems.add(path + " on " + node + " is readable by group or others (mode "
                        + String.format("%04o", nf.mode()) + ")");
            } else if (token && nf.size() == 0) {
                problems.add(path + " on " + node + " is empty");
            } else if (token && ageSeconds > staleAfter.toSeconds()) {
                warnings.add(path + " on " + node + " is stale: " + age(ageSeconds) + " old (more than "
                        + age(staleAfter.toSeconds()) + ", checkStaleTokenAge)");
            }
        }
        String figure = String.join("; ", figures);
        if (!problems.isEmpty()) {
            problems.addAll(warnings);
            return new LinkResult(
                    "node",
                    node,
                    Verdict.FAIL,
                    figure,
                    String.join("; ", problems),
                    "run token-push -s " + t.configName() + " and see its push line for " + node,
                    files);
        }
        if (!warnings.isEmpty()) {
            return new LinkResult(
                    "node",
                    node,
                    Verdict.WARN,
                    figure,
                    String.join("; ", warnings),
                    "the last pushes to " + node + " did not land: run token-push -s " + t.configName()
                            + " and see its push line for " + node,
                    files);
        }
        return new LinkResult("node", node, Verdict.OK, figure, "", "", files);
    }

    /** A step's own timeout, never past the check's deadline. */
    private Duration cap(Duration stepTimeout) {
        Duration left = deadline.remaining();
        return left.compareTo(stepTimeout) < 0 ? left : stepTimeout;
    }

    private static String mode(Path p) {
        try {
            return String.format("%04o", (Integer) Files.getAttribute(p, "unix:mode") & 07777);
        } catch (IOException e) {
            return "?";
        }
    }

    static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    /** 45s, 12m, 3h05m, 2d04h. */
    static String age(long seconds) {
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m";
        if (seconds < 86400) return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
        return seconds / 86400 + "d" + String.format("%02dh", seconds % 86400 / 3600);
    }
}
