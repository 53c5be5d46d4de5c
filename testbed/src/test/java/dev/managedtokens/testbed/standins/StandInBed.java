package dev.managedtokens.testbed.standins;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.kdc.Kdc;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * What the stand-in tests share: a temp bed with the stand-ins installed, a real KDC, a pool with two credds, and
 * services (each with its own principal, keytab and ticket cache) whose names are unique to this run, because the
 * storer writes the machine's real {@code /tmp/vt_u<uid>-<service>}.
 */
final class StandInBed implements AutoCloseable {

    static final String REALM = "TESTBED.LOCAL";
    static final String COLLECTOR = "collector.testbed";
    static final String CREDD_1 = "schedd1.testbed";
    static final String CREDD_2 = "schedd2.testbed";
    static final String VAULT = StandIns.DEFAULT_VAULT_SERVER;
    static final long UID = currentUid();

    final Path dir;
    final StandIns standIns;
    final Kdc kdc;
    final ProcessRunner runner = new ProcessRunner(32);
    private final Tools tools = new Tools(runner);
    private final List<Path> tmpFilesToRemove = new ArrayList<>();
    private final boolean defaultVaultTokenExisted = Files.exists(Path.of("/tmp/vt_u" + UID));

    /** One experiment_role with its Kerberos identity. */
    record Service(String name, String issuer, String role, String principal, Path keytab, Path ccache) {
        /** The credkey token-push passes: the principal minus "@FNAL.GOV" (the whole principal in our realm). */
        String credkey() {
            return principal.replace("@FNAL.GOV", "");
        }
    }

    StandInBed() {
        try {
            dir = Files.createTempDirectory("standins-bed");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        standIns = StandIns.install(dir);
        standIns.definePool(COLLECTOR, List.of(StandIns.scheddAd(CREDD_1), StandIns.scheddAd(CREDD_2)));
        kdc = Kdc.create(dir, REALM, "testbed", tools);
        kdc.start(Duration.ofSeconds(20));
    }

    /** A new service with a fresh principal and keytab; {@code kinit} done unless {@code withTicket} is false. */
    Service service(String experimentPrefix, boolean withTicket) {
        String issuer = experimentPrefix
                + HexFormat.of()
                        .toHexDigits(ThreadLocalRandom.current().nextInt())
                        .substring(0, 6);
        String role = "production";
        String name = issuer + "_" + role;
        String principal = issuer + "pro/managedtokens/admin.testbed@" + REALM;
        Path keytab = dir.resolve(issuer + ".keytab");
        kdc.addPrincipalWithKeytab(principal, keytab);
        Path ccache = dir.resolve("krb5cc_" + issuer);
        Service s = new Service(name, issuer, role, principal, keytab, ccache);
        tmpFilesToRemove.add(Path.of("/tmp/vt_u" + UID + "-" + name));
        if (withTicket) {
            kinit(s);
        }
        return s;
    }

    void kinit(Service s) {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("PATH", "/usr/bin:/bin");
        env.put("KRB5CCNAME", "FILE:" + s.ccache());
        tools.check(
                "kinit " + s.principal(),
                Command.of(
                        List.of("kinit", "-k", "-t", s.keytab().toString(), s.principal()),
                        env,
                        Duration.ofSeconds(20)));
    }

    /** A private 0700 directory, e.g. for XDG_RUNTIME_DIR. */
    Path privateDir(String name) {
        try {
            Path d = Files.createDirectories(dir.resolve(name));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment token-push gives condor_vault_storer (docs/external-tools.md), plus PATH and krb5.conf. */
    Map<String, String> storerEnv(Service s, String credd, Path xdgRuntimeDir) {
        Map<String, String> env = new HashMap<>(kdc.clientEnvironment());
        env.put("PATH", standIns.pathPrefix() + "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("KRB5CCNAME", "FILE:" + s.ccache());
        env.put("_condor_CREDD_HOST", credd);
        env.put("_condor_COLLECTOR_HOST", COLLECTOR);
        env.put("HTGETTOKENOPTS", "--vaulttokenminttl=10s --credkey=" + s.credkey());
        env.put("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "-a " + VAULT);
        if (xdgRuntimeDir != null) {
            env.put("XDG_RUNTIME_DIR", xdgRuntimeDir.toString());
        }
        return env;
    }

    CommandResult run(List<String> argv, Map<String, String> env, Duration timeout) {
        return runner.run(Command.of(argv, env, timeout));
    }

    CommandResult storer(Service s, String credd, Path xdg) {
        return run(List.of("condor_vault_storer", s.name()), storerEnv(s, credd, xdg), Duration.ofSeconds(60));
    }

    /**
     * The storer on a pseudo-terminal, as an operator's shell runs it: htgettoken enables OIDC only when one of its
     * standard streams is a terminal. util-linux {@code script} provides it; stdout and stderr both arrive on the
     * terminal, so everything is in the result's stdout, with CR LF line ends.
     */
    CommandResult storerOnTerminal(Service s, String credd, Path xdg) {
        return run(
                onTerminal(List.of("condor_vault_storer", s.name())),
                storerEnv(s, credd, xdg),
                Duration.ofSeconds(200));
    }

    /** {@code argv} run by {@code script -qec} on a new pseudo-terminal; script exits with the command's status. */
    static List<String> onTerminal(List<String> argv) {
        StringBuilder cmd = new StringBuilder("exec");
        for (String a : argv) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return List.of("script", "-qec", cmd.toString(), "/dev/null");
    }

    void onboard(Service s) {
        standIns.onboard(s.issuer(), s.role(), s.credkey());
    }

    /** Text for assertion messages: what the program said. */
    static String show(CommandResult r) {
        return r.describe() + "\n--- stdout\n" + r.stdout() + "--- stderr\n" + r.stderr();
    }

    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kdc.stop();
        for (Path p : tmpFilesToRemove) {
            deleteQuietly(p);
        }
        if (!defaultVaultTokenExisted) {
            deleteQuietly(Path.of("/tmp/vt_u" + UID));
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(StandInBed::deleteQuietly);
        } catch (IOException e) {
            // best effort: a temp directory
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }
}
