package dev.managedtokens.testbed;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.kdc.Kdc;
import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.pushgateway.Pushgateway;
import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole bed on this machine: a KDC for its own realm, submit nodes (sshd, GSSAPI only), service accounts with
 * principals and keytabs, and a Pushgateway, all under one fresh directory, all stopped and removed by
 * {@link #close()} (or, as a last resort, by a JVM shutdown hook).
 *
 * <pre>
 *   start: operator account -> names in /etc/hosts -> { KDC + keytabs | accounts | node 1..n | Pushgateway } -> known_hosts
 *   close: daemons -> names -> namespaces -> accounts -> directory
 * </pre>
 * The four middle parts are independent and start in parallel; sshd reads its keytab and the accounts only when a
 * client connects, so nodes need not wait for the KDC.
 */
public final class Testbed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Testbed.class);

    /** Outside /tmp on purpose: each node binds its own directory over /tmp, which would hide a bed inside it. */
    private static final Path BASE_DIR = Path.of(System.getProperty("managedtokens.testbed.baseDir", "/var/tmp"));

    /** Prefix of everything a bed creates on the machine: directories, accounts, namespaces. */
    public static final String PREFIX = "mtb";

    private static final Set<Testbed> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Testbed::closeAllOpen, "testbed-last-resort-cleanup"));
    }

    private final TestbedSpec spec;
    private final String id;
    private final Path dir;
    private final Tools tools;
    private final Cleanup cleanup = new Cleanup();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, SubmitNode> nodesByName = new ConcurrentHashMap<>();
    private final Map<String, ServiceAccount> accountsByName = new ConcurrentHashMap<>();
    private volatile OperatorAccount operator;
    private volatile Kdc kdc;
    private volatile Pushgateway pushgateway;
    private volatile Duration startDuration = Duration.ZERO;
    private volatile Duration closeDuration = Duration.ZERO;

    private Testbed(TestbedSpec spec, String id, Path dir) {
        this.spec = spec;
        this.id = id;
        this.dir = dir;
        this.tools = new Tools(new ProcessRunner(16));
    }

    /**
     * Brings a bed up as {@code spec} describes and returns when every daemon is ready. If anything fails, whatever
     * was set up is torn down again before the exception (naming the part and carrying its log) is thrown.
     */
    public static Testbed start(TestbedSpec spec) {
        long t0 = System.nanoTime();
        Testbed bed = create(spec);
        try {
            bed.build();
        } catch (RuntimeException | Error e) {
            try {
                bed.close();
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
        bed.startDuration = Duration.ofNanos(System.nanoTime() - t0);
        log.info("testbed {} up in {} ms in {}", bed.id, bed.startDuration.toMillis(), bed.dir);
        return bed;
    }

    /** The operator account (created once per machine and kept), for running the tool under test as non-root. */
    public static OperatorAccount ensureOperatorAccount() {
        return OperatorAccount.ensure(new Tools(new ProcessRunner(2)));
    }

    private static Testbed create(TestbedSpec spec) {
        new StaleBeds(new Tools(new ProcessRunner(4))).sweep();
        if (!BASE_DIR.isAbsolute() || BASE_DIR.normalize().startsWith("/tmp")) {
            throw new TestbedException("testbed base directory " + BASE_DIR + " must be absolute and outside /tmp"
                    + " (nodes mount their own /tmp); set -Dmanagedtokens.testbed.baseDir to another directory");
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            String id = randomId();
            Path dir = BASE_DIR.resolve(PREFIX + "-" + id);
            try {
                Files.createDirectory(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the testbed directory " + dir + ": " + e.getMessage(), e);
            }
            Testbed bed = new Testbed(spec, id, dir);
            bed.cleanup.add(Cleanup.Stage.FILES, "remove " + dir, () -> BedFiles.deleteRecursively(dir));
            OPEN.add(bed);
            return bed;
        }
        throw new TestbedException("could not find a free testbed directory name under " + BASE_DIR);
    }

    private static String randomId() {
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        sb.append(letters.charAt(r.nextInt(26)));
        for (int i = 0; i < 4; i++) sb.append(letters.charAt(r.nextInt(letters.length())));
        return sb.toString();
    }

    private void build() {
        operator = OperatorAccount.ensure(tools);
        AddressPlan plan = new HostsBlock(id)
                .add(
                        "pid " + ProcessHandle.current().pid() + " dir " + dir,
                        dir.resolve("hosts.before"),
                        current -> AddressPlan.choose(spec, domain(), current, tools));
        cleanup.add(
                Cleanup.Stage.NAMES, "remove the /etc/hosts block of testbed " + id, () -> new HostsBlock(id).remove());
        BedFiles.directory(binDir(), "rwxr-xr-x");
        BedFiles.directory(keytabDir(), "rwxr-xr-x");
        BedFiles.directory(dir.resolve("home"), "rwxr-xr-x");
        plan.nodes().forEach(n -> BedFiles.directory(nodeDir(n.name()), "rwxr-xr-x"));

        List<String> users = spec.accounts().stream().map(this::userOf).toList();
        SubmitNode.Setup nodeSetup = new SubmitNode.Setup(dir.resolve("krb5.conf"), users, tools);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> parts = new ArrayList<>();
            parts.add(pool.submit(() -> startKdc(plan)));
            parts.add(pool.submit(this::createAccounts));
            plan.nodes().forEach(n -> parts.add(pool.submit(() -> startNode(n, nodeSetup))));
            parts.add(pool.submit(this::startPushgateway));
            awaitAll(parts);
        }
        writeKnownHosts();
    }

    private void startKdc(AddressPlan plan) {
        Kdc k = Kdc.create(dir, realm(), domain(), tools);
        kdc = k;
        cleanup.add(Cleanup.Stage.DAEMONS, "stop the KDC", k::stop);
        Map<String, Path> keytabs = new LinkedHashMap<>();
        plan.nodes()
                .forEach(n ->
                        keytabs.put("host/" + n.hostName(), nodeDir(n.name()).resolve("host.keytab")));
        spec.accounts().forEach(a -> keytabs.put(principalOf(a), keytabOf(a)));
        k.addPrincipalsWithKeytabs(keytabs);
        // The tool under test runs as the operator and kinits from these keytabs, as on an admin host.
        spec.accounts().forEach(a -> BedFiles.chown(keytabOf(a), operator.uid(), operator.gid()));
        k.start(spec.startTimeout());
    }

    private void createAccounts() {
        UnixAccounts unix = new UnixAccounts(tools);
        for (String name : spec.accounts()) {
            String user = userOf(name);
            Path home = dir.resolve("home").resolve(user);
            PasswdEntry e = unix.create(user, home, "managed-tokens testbed " + id);
            cleanup.add(Cleanup.Stage.ACCOUNTS, "remove UNIX account " + user, () -> unix.delete(user));
            Path k5login = BedFiles.write(home.resolve(".k5login"), principalOf(name) + "\n", "rw-r--r--");
            BedFiles.chown(k5login, e.uid(), e.gid());
            accountsByName.put(
                    name,
                    new ServiceAccount(name, user, e.uid(), e.gid(), e.home(), principalOf(name), keytabOf(name)));
        }
    }

    private void startNode(AddressPlan.Node n, SubmitNode.Setup setup) {
        SubmitNode node = n.kind() == SubmitNode.Kind.UNPINGABLE
                ? SubmitNode.inNamespace(n.name(), n.hostName(), PREFIX + id, n.address(), nodeDir(n.name()), setup)
                : SubmitNode.onLoopback(n.name(), n.hostName(), n.address(), n.kind(), nodeDir(n.name()), setup);
        nodesByName.put(n.name(), node);
        cleanup.add(Cleanup.Stage.DAEMONS, "stop sshd of " + n.hostName(), node::stopSshd);
        cleanup.add(Cleanup.Stage.NETWORK, "release the network of " + n.hostName(), () -> {
            List<String> left = node.close();
            if (!left.isEmpty()) throw new TestbedException(String.join("; ", left));
        });
        if (n.kind() != SubmitNode.Kind.SSHD_DOWN) {
            node.startSshd(spec.startTimeout());
        }
    }

    private void startPushgateway() {
        Pushgateway pg = Pushgateway.start(dir.resolve("pushgateway"), spec.startTimeout());
        pushgateway = pg;
        cleanup.add(Cleanup.Stage.DAEMONS, "stop the Pushgateway", pg::stop);
    }

    /** Waits for every part, so none is still starting when a failure triggers the cleanup. */
    private static void awaitAll(List<Future<?>> parts) {
        RuntimeException first = null;
        for (Future<?> f : parts) {
            try {
                f.get();
            } catch (ExecutionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re
                        ? re
                        : new TestbedException(String.valueOf(e.getCause()), e.getCause());
                if (first == null) first = cause;
                else first.addSuppressed(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestbedException("interrupted while the testbed was starting", e);
            }
        }
        if (first != null) throw first;
    }

    private void writeKnownHosts() {
        StringBuilder sb = new StringBuilder();
        allNodes().forEach(n -> sb.append(n.knownHostsLine()).append('\n'));
        BedFiles.write(knownHosts(), sb.toString(), "rw-r--r--");
    }

    /** Stops every daemon and removes every account, namespace, name and file of the bed. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        List<String> failures = cleanup.runAll();
        OPEN.remove(this);
        closeDuration = Duration.ofNanos(System.nanoTime() - t0);
        log.info("testbed {} closed in {} ms", id, closeDuration.toMillis());
        if (!failures.isEmpty()) {
            throw new TestbedException(
                    "testbed " + id + " could not remove everything: " + String.join("; ", failures));
        }
    }

    private static void closeAllOpen() {
        for (Testbed bed : List.copyOf(OPEN)) {
            try {
                bed.close();
            } catch (RuntimeException e) {
                System.err.println("testbed " + bed.id + ": " + e.getMessage());
            }
        }
    }

    // --- names -------------------------------------------------------------------------------------------------

    private String userOf(String accountName) {
        return PREFIX + id + accountName;
    }

    private String principalOf(String accountName) {
        return userOf(accountName) + "/managedtokens/" + adminHost() + "@" + realm();
    }

    private Path keytabOf(String accountName) {
        return keytabDir().resolve(userOf(accountName) + ".keytab");
    }

    private Path nodeDir(String nodeName) {
        return dir.resolve("nodes").resolve(nodeName);
    }

    // --- accessors ---------------------------------------------------------------------------------------------

    /** Short random id; part of every name the bed creates. */
    public String id() {
        return id;
    }

    public TestbedSpec spec() {
        return spec;
    }

    public Path dir() {
        return dir;
    }

    /** Where stand-ins go; first on the {@link #environment()}'s PATH. */
    public Path binDir() {
        return dir.resolve("bin");
    }

    /** Holds {@code <user>.keytab} for every service account: the tool's {@code keytabPath}. */
    public Path keytabDir() {
        return dir.resolve("keytabs");
    }

    /** A directory every account may write to (mode 1777), e.g. for credential caches. */
    public Path ccacheDir() {
        return dir.resolve("ccache");
    }

    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    public String realm() {
        return "TESTBED." + id.toUpperCase();
    }

    /** The DNS domain of every node name, e.g. {@code node1.<domain>}. */
    public String domain() {
        return id + ".testbed.test";
    }

    /** The admin host named in service principals. */
    public String adminHost() {
        return "admin." + domain();
    }

    public Kdc kdc() {
        return kdc;
    }

    public Pushgateway pushgateway() {
        return pushgateway;
    }

    public OperatorAccount operator() {
        return operator;
    }

    /** The good nodes, {@code node1} first. */
    public List<SubmitNode> nodes() {
        return allNodes().stream().filter(n -> n.kind() == SubmitNode.Kind.GOOD).toList();
    }

    /** Every node, broken ones included. */
    public List<SubmitNode> allNodes() {
        return nodesByName.values().stream()
                .sorted(Comparator.comparing((SubmitNode n) -> n.kind())
                        .thenComparing(n -> n.name().length())
                        .thenComparing(SubmitNode::name))
                .toList();
    }

    public SubmitNode node(String name) {
        SubmitNode n = nodesByName.get(name);
        if (n == null) {
            throw new IllegalArgumentException(
                    "testbed " + id + " has no node '" + name + "'; it has " + nodesByName.keySet());
        }
        return n;
    }

    /** {@code noping}: ignores ping, sshd works; present if the spec asked for it. */
    public Optional<SubmitNode> unpingableNode() {
        return Optional.ofNullable(nodesByName.get(AddressPlan.UNPINGABLE));
    }

    /** {@code nosshd}: answers ping, connection refused on port 22; present if the spec asked for it. */
    public Optional<SubmitNode> sshdDownNode() {
        return Optional.ofNullable(nodesByName.get(AddressPlan.SSHD_DOWN));
    }

    /** The service accounts in the spec's order. */
    public List<ServiceAccount> accounts() {
        return spec.accounts().stream().map(accountsByName::get).toList();
    }

    public ServiceAccount account(String name) {
        ServiceAccount a = accountsByName.get(name);
        if (a == null) {
            throw new IllegalArgumentException(
                    "testbed " + id + " has no account '" + name + "'; it has " + spec.accounts());
        }
        return a;
    }

    /**
     * What a process under test needs on top of its usual environment: the bed's {@code KRB5_CONFIG}, and a
     * {@code PATH} with {@link #binDir()} first.
     */
    public Map<String, String> environment() {
        String path = System.getenv().getOrDefault("PATH", Tools.BASE_ENVIRONMENT.get("PATH"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KRB5_CONFIG", dir.resolve("krb5.conf").toString());
        env.put("PATH", binDir() + ":" + path);
        env.put("MANAGED_TOKENS_TESTBED_DIR", dir.toString());
        return env;
    }

    /** ssh options (K=V, for {@code -o}) the tool must use so the bed's host keys are known. */
    public List<String> sshOptions() {
        return List.of(
                "UserKnownHostsFile=" + knownHosts(),
                "GlobalKnownHostsFile=" + knownHosts(),
                "GSSAPIAuthentication=yes");
    }

    /** {@link #sshOptions()} as one string, the value for the tool's {@code sshOptions} setting. */
    public String sshOptionsSetting() {
        return String.join(" ", sshOptions());
    }

    /** {@link #sshOptions()} as ssh arguments: {@code -o K=V ...}. */
    public List<String> sshArguments() {
        List<String> args = new ArrayList<>();
        sshOptions().forEach(o -> {
            args.add("-o");
            args.add(o);
        });
        return args;
    }

    public Duration startDuration() {
        return startDuration;
    }

    public Duration closeDuration() {
        return closeDuration;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Several lines describing the bed, for people. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("testbed ")
                .append(id)
                .append(" in ")
                .append(dir)
                .append(" (up in ")
                .append(startDuration.toMillis())
                .append(" ms)\n");
        if (kdc != null) {
            sb.append("  KDC        realm ")
                    .append(realm())
                    .append(" on 127.0.0.1:")
                    .append(kdc.port())
                    .append(", krb5.conf ")
                    .append(kdc.krb5ConfPath())
                    .append('\n');
        }
        for (SubmitNode n : allNodes()) {
            sb.append("  node       ")
                    .append(n)
                    .append(", /tmp is ")
                    .append(n.tmpDir())
                    .append('\n');
        }
        for (ServiceAccount a : accounts()) {
            sb.append("  account    ")
                    .append(a.user())
                    .append(" uid ")
                    .append(a.uid())
                    .append(", principal ")
                    .append(a.principal())
                    .append(", keytab ")
                    .append(a.keytab())
                    .append('\n');
        }
        if (operator != null) {
            sb.append("  operator   ")
                    .append(operator.name())
                    .append(" uid ")
                    .append(operator.uid())
                    .append('\n');
        }
        if (pushgateway != null) {
            sb.append("  Pushgateway ").append(pushgateway.url()).append('\n');
        }
        sb.append("  ssh options ").append(String.join(" ", sshArguments())).append('\n');
        return sb.toString();
    }

    @Override
    public String toString() {
        return "testbed " + id + " (" + dir + ")";
    }
}
