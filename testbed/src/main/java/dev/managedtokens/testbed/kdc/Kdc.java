package dev.managedtokens.testbed.kdc;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.Daemon;
import dev.managedtokens.testbed.support.FreePorts;
import dev.managedtokens.testbed.support.ReadinessCheck;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A real MIT {@code krb5kdc} for the bed's own realm on a loopback port. Its krb5.conf, kdc.conf and database live
 * in the bed; every admin tool gets {@code KRB5_KDC_PROFILE}, without which it would open the system database.
 */
public final class Kdc {

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9._/-]+(@[A-Z0-9._-]+)?");

    private final Path dir;
    private final Path krb5Conf;
    private final Path kdcConf;
    private final String realm;
    private final int port;
    private final Tools tools;
    private Daemon daemon;

    private Kdc(Path dir, Path krb5Conf, Path kdcConf, String realm, int port, Tools tools) {
        this.dir = dir;
        this.krb5Conf = krb5Conf;
        this.kdcConf = kdcConf;
        this.realm = realm;
        this.port = port;
        this.tools = tools;
    }

    /**
     * Writes {@code <bedDir>/krb5.conf} (for every Kerberos client of the bed, default cache under
     * {@code <bedDir>/ccache}) and {@code <bedDir>/kdc/} (kdc.conf, database, stash), and creates the database.
     * Hosts under {@code domain} map to {@code realm}.
     */
    public static Kdc create(Path bedDir, String realm, String domain, Tools tools) {
        int port = FreePorts.tcpAndUdp();
        Path dir = BedFiles.directory(bedDir.resolve("kdc"), "rwx------");
        Path ccacheDir = BedFiles.directory(bedDir.resolve("ccache"), "rwxrwxrwt");
        Path krb5Conf =
                BedFiles.write(bedDir.resolve("krb5.conf"), """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    # Without these two, ssh may ask for host/<short name> or a reverse-resolved name.
                    dns_canonicalize_hostname = false
                    rdns = false
                    # Nothing of the bed may land in the machine's default /tmp/krb5cc_<uid>.
                    default_ccache_name = FILE:%4$s/krb5cc_%%{uid}

                [realms]
                    %1$s = {
                        kdc = 127.0.0.1:%2$d
                    }

                [domain_realm]
                    .%3$s = %1$s
                    %3$s = %1$s
                """.formatted(realm, port, domain, ccacheDir), "rw-r--r--");
        BedFiles.write(dir.resolve("kadm5.acl"), "", "rw-------");
        Path kdcConf = BedFiles.write(dir.resolve("kdc.conf"), """
                [kdcdefaults]
                    kdc_listen = 127.0.0.1:%2$d
                    kdc_tcp_listen = 127.0.0.1:%2$d

                [realms]
                    %1$s = {
                        database_name = %3$s/principal
                        key_stash_file = %3$s/stash
                        acl_file = %3$s/kadm5.acl
                        kdc_listen = 127.0.0.1:%2$d
                        kdc_tcp_listen = 127.0.0.1:%2$d
                        max_life = 24h
                        max_renewable_life = 7d
                    }

                [logging]
                    kdc = FILE:%3$s/krb5kdc.log
                    admin_server = FILE:%3$s/kadmin.log
                    default = FILE:%3$s/krb5lib.log
                """.formatted(realm, port, dir), "rw-------");
        Kdc kdc = new Kdc(dir, krb5Conf, kdcConf, realm, port, tools);
        kdc.createDatabase();
        return kdc;
    }

    private void createDatabase() {
        // The master password goes in on stdin (kdb5_util asks twice), never on the command line.
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        byte[] answers = (password + "\n" + password + "\n").getBytes(StandardCharsets.UTF_8);
        tools.check(
                "create the KDC database for " + realm + " in " + dir,
                Command.of(
                                List.of("/usr/sbin/kdb5_util", "create", "-s", "-r", realm),
                                adminEnvironment(),
                                Tools.defaultTimeout())
                        .withStdin(answers));
    }

    /** Starts {@code krb5kdc -n} and waits until it accepts TCP connections on its port. */
    public synchronized void start(Duration timeout) {
        if (daemon != null && daemon.isAlive()) {
            return;
        }
        daemon = Daemon.start(
                "krb5kdc for " + realm,
                List.of("/usr/sbin/krb5kdc", "-n", "-r", realm),
                adminEnvironment(),
                dir.resolve("krb5kdc.out"));
        daemon.awaitReady(ReadinessCheck.tcpConnect("127.0.0.1", port), timeout);
    }

    /** Starts the KDC again after {@link #stop()}, so a test can bring a "down" KDC back. */
    public void start() {
        start(Duration.ofSeconds(20));
    }

    /** Stops the KDC and waits for it to exit; kinit then fails at once. */
    public synchronized void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    public synchronized boolean isRunning() {
        return daemon != null && daemon.isAlive();
    }

    /** Adds a principal with a random key and writes its key to {@code keytab} (which may exist). */
    public void addPrincipalWithKeytab(String principal, Path keytab) {
        addPrincipalsWithKeytabs(Map.of(principal, keytab));
    }

    /**
     * Adds each principal with a random key and exports it with {@code ktadd -norandkey} (so an earlier keytab of
     * the same principal stays valid), all in one {@code kadmin.local} session.
     */
    public void addPrincipalsWithKeytabs(Map<String, Path> keytabsByPrincipal) {
        Map<String, Path> byFullName = new LinkedHashMap<>();
        keytabsByPrincipal.forEach((p, k) -> byFullName.put(qualified(p), k));
        StringBuilder script = new StringBuilder();
        byFullName.forEach((p, k) -> script.append("addprinc -randkey ")
                .append(p)
                .append('\n')
                .append("ktadd -norandkey -k ")
                .append(k)
                .append(' ')
                .append(p)
                .append('\n'));
        CommandResult result =
                tools.run(Command.of(List.of("/usr/sbin/kadmin.local"), adminEnvironment(), Tools.defaultTimeout())
                        .withStdin(script.toString().getBytes(StandardCharsets.UTF_8)));
        // kadmin.local reading commands from stdin exits 0 whatever happens; its errors are the stderr lines
        // other than the harmless policy notice.
        List<String> errors = new ArrayList<>();
        result.stderr()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("No policy specified for"))
                .forEach(errors::add);
        if (!result.succeeded() || !errors.isEmpty()) {
            throw new TestbedException("kadmin.local could not add principals " + byFullName.keySet() + " to " + realm
                    + " (" + result.describe() + "): " + String.join(" | ", errors));
        }
        byFullName.forEach((p, k) -> {
            if (!Files.isRegularFile(k)) {
                throw new TestbedException("kadmin.local reported no error but wrote no keytab " + k + " for " + p);
            }
        });
    }

    /** {@code name} with the realm appended if it has none; rejects anything kadmin's parser could split. */
    public String qualified(String name) {
        if (!PRINCIPAL.matcher(name).matches()) {
            throw new IllegalArgumentException("principal '" + name + "' has characters the testbed does not allow;"
                    + " use letters, digits and . _ / - before the @REALM");
        }
        return name.contains("@") ? name : name + "@" + realm;
    }

    /** What every Kerberos client of the bed (kinit, klist, ssh, the tool under test) needs in its environment. */
    public Map<String, String> clientEnvironment() {
        return Map.of("KRB5_CONFIG", krb5Conf.toString());
    }

    private Map<String, String> adminEnvironment() {
        return Tools.environment(Map.of("KRB5_CONFIG", krb5Conf.toString(), "KRB5_KDC_PROFILE", kdcConf.toString()));
    }

    public Path krb5ConfPath() {
        return krb5Conf;
    }

    public String realm() {
        return realm;
    }

    public int port() {
        return port;
    }

    /** The KDC's own log (requests, errors). */
    public Path logFile() {
        return dir.resolve("krb5kdc.log");
    }
}
