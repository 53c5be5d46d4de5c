package dev.managedtokens.testbed.node;

import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.Daemon;
import dev.managedtokens.testbed.support.ReadinessCheck;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A submit node: a real {@code sshd} accepting only Kerberos (GSSAPI) logins, under its own host name (own UTS
 * namespace, so the strict acceptor check uses {@code host/<hostName>}) and with its own {@code /tmp} (own mount
 * namespace with {@link #tmpDir()} bound on /tmp), so {@code /tmp/vt_u<UID>} on one node is not another's.
 */
public final class SubmitNode {

    /** How the node behaves on the network. */
    public enum Kind {
        /** Answers ping, sshd up. */
        GOOD,
        /** Ignores ping (own network namespace), sshd up. */
        UNPINGABLE,
        /** Answers ping, nothing listens on port 22 until {@link #startSshd()} is called. */
        SSHD_DOWN
    }

    /** What every node of a bed shares: where the bed's krb5.conf is and which accounts may log in. */
    public record Setup(Path krb5Conf, List<String> allowedUsers, Tools tools) {
        public Setup {
            allowedUsers = List.copyOf(allowedUsers);
        }
    }

    private final String name;
    private final String hostName;
    private final String address;
    private final Kind kind;
    private final Path dir;
    private final Path tmpDir;
    private final Path config;
    private final Path hostKeytab;
    private final Path log;
    private final String hostPublicKey;
    private final NetworkNamespace namespace;
    private final Setup setup;
    private Daemon sshd;

    private SubmitNode(
            String name,
            String hostName,
            String address,
            Kind kind,
            Path dir,
            String hostPublicKey,
            NetworkNamespace namespace,
            Setup setup) {
        this.name = name;
        this.hostName = hostName;
        this.address = address;
        this.kind = kind;
        this.dir = dir;
        this.tmpDir = dir.resolve("tmp");
        this.config = dir.resolve("sshd_config");
        this.hostKeytab = dir.resolve("host.keytab");
        this.log = dir.resolve("sshd.log");
        this.hostPublicKey = hostPublicKey;
        this.namespace = namespace;
        this.setup = setup;
    }

    /** A node on a loopback address ({@link Kind#GOOD} or {@link Kind#SSHD_DOWN}); sshd is not started yet. */
    public static SubmitNode onLoopback(
            String name, String hostName, String address, Kind kind, Path dir, Setup setup) {
        if (kind == Kind.UNPINGABLE) {
            throw new IllegalArgumentException("an unpingable node needs its own namespace: use inNamespace");
        }
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException(address + " is not a loopback address");
        }
        return prepare(name, hostName, address, kind, dir, null, setup);
    }

    /**
     * A node in its own network namespace {@code namespaceName} on the /30 at {@code network}, ignoring ping;
     * sshd is not started yet.
     */
    public static SubmitNode inNamespace(
            String name, String hostName, String namespaceName, String network, Path dir, Setup setup) {
        NetworkNamespace ns = NetworkNamespace.create(namespaceName, network, true, setup.tools());
        try {
            return prepare(name, hostName, ns.nodeAddress(), Kind.UNPINGABLE, dir, ns, setup);
        } catch (RuntimeException e) {
            ns.delete();
            throw e;
        }
    }

    private static SubmitNode prepare(
            String name, String hostName, String address, Kind kind, Path dir, NetworkNamespace ns, Setup setup) {
        BedFiles.directory(dir, "rwxr-xr-x");
        BedFiles.directory(dir.resolve("tmp"), "rwxrwxrwt");
        Path key = dir.resolve("ssh_host_ed25519_key");
        setup.tools()
                .check(
                        "make the host key of " + hostName,
                        List.of(
                                "/usr/bin/ssh-keygen",
                                "-q",
                                "-t",
                                "ed25519",
                                "-N",
                                "",
                                "-C",
                                hostName,
                                "-f",
                                key.toString()));
        String publicKey;
        try {
            String[] fields = Files.readString(dir.resolve("ssh_host_ed25519_key.pub"))
                    .strip()
                    .split(" ");
            publicKey = fields[0] + " " + fields[1];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the host key of " + hostName + ": " + e.getMessage(), e);
        }
        SubmitNode node = new SubmitNode(name, hostName, address, kind, dir, publicKey, ns, setup);
        BedFiles.write(node.config, node.sshdConfig(key), "rw-r--r--");
        return node;
    }

    private String sshdConfig(Path hostKey) {
        String users =
                setup.allowedUsers().isEmpty() ? "DenyUsers *" : "AllowUsers " + String.join(" ", setup.allowedUsers());
        return """
                ListenAddress %1$s:22
                HostKey %2$s
                PidFile %3$s/sshd.pid
                # With UsePAM no a fresh useradd account counts as locked and is refused.
                UsePAM yes
                PermitRootLogin no
                PubkeyAuthentication no
                AuthorizedKeysFile none
                HostbasedAuthentication no
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                GSSAPIAuthentication yes
                GSSAPICleanupCredentials yes
                GSSAPIStrictAcceptorCheck yes
                %4$s
                UseDNS no
                # Tests push to one node from many services at once; the default 10:30:100 drops connections.
                MaxStartups 500
                MaxSessions 100
                X11Forwarding no
                AllowTcpForwarding no
                PrintMotd no
                LogLevel VERBOSE
                """.formatted(address, hostKey, dir, users);
    }

    /** Starts sshd, unless it runs already, and waits until it listens. */
    public synchronized void startSshd(Duration timeout) {
        if (sshd != null && sshd.isAlive()) {
            return;
        }
        ensurePrivilegeSeparationDirectory();
        long logOffset = sizeOf(log);
        List<String> argv = new ArrayList<>();
        if (namespace != null) {
            argv.addAll(namespace.execPrefix());
        }
        // unshare, ip netns exec and sh all exec: the pid we hold is sshd's own.
        argv.addAll(List.of(
                "/usr/bin/unshare",
                "--mount",
                "--uts",
                "--propagation",
                "private",
                "--",
                "/bin/sh",
                "-c",
                "mount --bind \"$1\" /tmp && hostname \"$2\" && exec /usr/sbin/sshd -D -e -f \"$3\"",
                "sshd-node",
                tmpDir.toString(),
                hostName,
                config.toString()));
        Map<String, String> env = Tools.environment(Map.of(
                "KRB5_CONFIG", setup.krb5Conf().toString(),
                "KRB5_KTNAME", "FILE:" + hostKeytab,
                // The acceptor's replay cache would otherwise land in /var/tmp and outlive the bed.
                "KRB5RCACHEDIR", dir.toString()));
        sshd = Daemon.start("sshd of " + hostName, argv, env, log);
        sshd.awaitReady(
                ReadinessCheck.logContains(log, "Server listening on " + address + " port 22", logOffset), timeout);
    }

    public void startSshd() {
        startSshd(Duration.ofSeconds(20));
    }

    /** Stops sshd (and any session it still serves) and waits for it: the node then refuses connections. */
    public synchronized void stopSshd() {
        if (sshd != null) {
            sshd.stop();
        }
    }

    public synchronized boolean sshdRunning() {
        return sshd != null && sshd.isAlive();
    }

    /** Stops sshd, then removes the node's network namespace if it has one; returns what could not be removed. */
    public List<String> close() {
        stopSshd();
        return namespace == null ? List.of() : namespace.delete();
    }

    private static void ensurePrivilegeSeparationDirectory() {
        Path run = Path.of("/run/sshd");
        if (!Files.isDirectory(run)) {
            try {
                Files.createDirectories(run);
                Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new TestbedException("cannot create /run/sshd, which sshd needs: " + e.getMessage());
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Short name, e.g. {@code node1}. */
    public String name() {
        return name;
    }

    /** The name that resolves to {@link #address()} through the bed's /etc/hosts block. */
    public String hostName() {
        return hostName;
    }

    public String address() {
        return address;
    }

    public Kind kind() {
        return kind;
    }

    /** Host-side path of the node's /tmp: what is pushed to {@code node:/tmp/x} appears as {@code tmpDir()/x}. */
    public Path tmpDir() {
        return tmpDir;
    }

    /** The node's directory in the bed (config, host key, keytab, log). */
    public Path dir() {
        return dir;
    }

    public String hostPrincipal() {
        return "host/" + hostName;
    }

    /** Where the bed must put the keytab with {@link #hostPrincipal()}. */
    public Path hostKeytab() {
        return hostKeytab;
    }

    /** sshd's log ({@code Accepted gssapi-with-mic for <account> ... : <principal>}). */
    public Path sshdLog() {
        return log;
    }

    /** The line for a known_hosts file: both the name and the address, then the key. */
    public String knownHostsLine() {
        return hostName + "," + address + " " + hostPublicKey;
    }

    /** The network namespace's name, for an unpingable node. */
    public String namespaceName() {
        return namespace == null ? null : namespace.name();
    }

    @Override
    public String toString() {
        return hostName + " (" + address + ", " + kind.name().toLowerCase().replace('_', '-') + ")";
    }
}
