package dev.managedtokens.ferry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.cli.RootGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process without FERRY: flags, exit statuses, the read-only modes, checks before any request. */
class RefreshUidsCommandTest {

    static final Path EXAMPLE = locate("config/managed-tokens.yml");

    @TempDir
    Path dir;

    Refresh.Outcome run(String... args) {
        return Refresh.run(dir, args);
    }

    @Test
    void helpListsTheFlagsAndExitStatuses() {
        Refresh.Outcome help = run("--help");
        assertEquals(0, help.exit());
        for (String flag : List.of(
                "--authmethod",
                "--configfile",
                "--disable-notifications",
                "--dont-notify",
                "--no-loki",
                "--test",
                "--verbose",
                "--version",
                "--admin",
                "--validate-config")) {
            assertTrue(help.out().contains(flag), flag + " missing from " + help.out());
        }
        assertTrue(
                help.out().contains("3   the run completed but at least one account failed or conflicted"), help.out());
        Refresh.Outcome version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("Managed tokens library version "), version.out());
    }

    @Test
    void authMethodIsTlsOrJwtSpelledExactly() {
        Refresh.Outcome upper = run("--authmethod", "TLS", "-c", EXAMPLE.toString());
        assertEquals(2, upper.exit());
        assertTrue(upper.err().contains("'TLS' is not a supported authentication method; use tls or jwt"), upper.err());
        assertEquals(1, upper.err().strip().lines().count(), upper.err());
        assertEquals(2, run("--authmethod", "kerberos").exit());
        assertEquals(2, run("--no-such-flag").exit());
    }

    @Test
    void theShippedExampleIsValidForBothMethods() {
        for (String method : List.of("tls", "jwt")) {
            Refresh.Outcome o = run("--validate-config", "--authmethod", method, "-c", EXAMPLE.toString());
            assertEquals(0, o.exit(), o.toString());
            assertTrue(
                    o.out()
                            .matches(
                                    "(?s).*managed-tokens.yml: valid for --authmethod " + method
                                            + ": \\d+ account\\(s\\) to refresh from FERRY at https://ferry.example.com:8445.*"),
                    o.out());
        }
    }

    @Test
    void aFerrySectionWithoutSchemeOrKeysIsRefusedBeforeAnyRequest() throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                dbLocation: %s
                ferry:
                  host: ferryhost.domain
                  port: 8445
                experiments:
                  dune:
                    roles:
                      production:
                        account: dunepro
                """.formatted(dir.resolve("uid.db")));
        Refresh.Outcome validate = run("--validate-config", "-c", cfg.toString());
        assertEquals(1, validate.exit());
        assertTrue(
                validate.err()
                        .contains(cfg + ": ferry.host \"ferryhost.domain\" has no scheme; write it as"
                                + " https://ferryhost.domain"),
                validate.err());
        assertTrue(validate.err().contains(cfg + ": ferry.hostCert is not set"), validate.err());
        assertTrue(validate.err().contains(cfg + ": 4 error(s)"), validate.err());

        Refresh.Outcome jwt = run("--authmethod", "jwt", "-c", cfg.toString());
        assertEquals(1, jwt.exit());
        assertTrue(jwt.err().contains("ferry.vaultServer is not set"), jwt.err());
        assertTrue(jwt.err().contains("cannot be used with --authmethod jwt"), jwt.err());
        assertNull(jwt.report(), "no run may start");
        assertFalse(Files.exists(dir.resolve("uid.db")), "nothing may be created before the checks pass");
    }

    @Test
    void requestAndDatabaseTimeoutsMustFitInTheGlobalOne() throws Exception {
        for (String global : List.of("40s", "39s")) {
            Path cfg = dir.resolve("timeouts.yml");
            Files.writeString(cfg, """
                    dbLocation: %s
                    timeouts:
                      globalTimeout: %s
                      kerberosTimeout: 5s
                      vaultStorerTimeout: 5s
                      pingTimeout: 5s
                      pushTimeout: 5s
                      ferryRequestTimeout: 30s
                      dbTimeout: 10s
                    ferry:
                      host: https://ferry.example.com
                      port: 8445
                      caPath: /etc/grid-security/certificates
                      hostCert: /etc/grid-security/hostcert.pem
                      hostKey: /etc/grid-security/hostkey.pem
                    experiments:
                      dune:
                        roles:
                          production:
                            account: dunepro
                            destinationNodes: [n1.example.org]
                    """.formatted(dir.resolve("uid.db"), global));
            Refresh.Outcome o = run("--validate-config", "-c", cfg.toString());
            if (global.equals("40s")) {
                assertEquals(0, o.exit(), "equality is allowed: " + o);
            } else {
                assertEquals(1, o.exit(), o.toString());
                assertTrue(
                        o.err()
                                .contains(cfg + ": timeouts: ferryRequestTimeout 30s + dbTimeout 10s exceed"
                                        + " globalTimeout 39s"),
                        o.err());
                Refresh.Outcome refused = run("-c", cfg.toString());
                assertEquals(1, refused.exit());
                assertNull(refused.report());
            }
        }
    }

    @Test
    void rootIsRefusedForARunButMayValidate() {
        RootGuard root = () -> true;
        Refresh.Outcome o = Refresh.run(Map.of(), dir, root, "-c", EXAMPLE.toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().contains("Current user is root"), o.err());
        assertEquals(
                1,
                Refresh.run(Map.of(), dir, root, "-t", "-c", EXAMPLE.toString()).exit());
        assertEquals(
                0,
                Refresh.run(Map.of(), dir, root, "--validate-config", "-c", EXAMPLE.toString())
                        .exit());
    }

    @Test
    void aMissingConfigFileIsNamed() {
        Path missing = dir.resolve("nope.yml");
        Refresh.Outcome o = run("-c", missing.toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().contains(missing.toString()), o.err());
    }

    @Test
    void noAccountsIsASetupErrorAndTheDatabaseIsNotTouched() throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                dbLocation: %s
                ferry:
                  host: https://localhost
                  port: 1
                  caPath: %s
                  hostCert: /nonexistent/cert.pem
                  hostKey: /nonexistent/key.pem
                """.formatted(dir.resolve("uid.db"), dir));
        Refresh.Outcome o = run("-c", cfg.toString());
        assertEquals(1, o.exit(), o.toString());
        assertTrue(o.err().contains("no accounts configured in " + cfg), o.err());
        assertFalse(Files.exists(dir.resolve("uid.db")));
    }

    @Test
    void anUnreadableHostCertIsOneLineNamingTheKey() throws Exception {
        Path cfg = dir.resolve("managed-tokens.yml");
        Files.writeString(cfg, """
                dbLocation: %s
                ferry:
                  host: https://localhost
                  port: 1
                  caPath: %s
                  hostCert: /nonexistent/cert.pem
                  hostKey: /nonexistent/key.pem
                experiments:
                  dune:
                    roles:
                      production:
                        account: dunepro
                """.formatted(dir.resolve("uid.db"), dir));
        Refresh.Outcome o = run("-c", cfg.toString());
        assertEquals(1, o.exit(), o.toString());
        assertTrue(
                o.err().contains("refresh-uids-from-ferry: cannot read ferry.hostCert /nonexistent/cert.pem"), o.err());
        assertTrue(
                o.report().problems().get(0).startsWith("cannot read ferry.hostCert"),
                o.report().problems().toString());
    }

    static Path locate(String relative) {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.exists(d.resolve(relative))) {
            d = d.getParent();
        }
        if (d == null)
            throw new IllegalStateException(
                    relative + " not found above " + Path.of("").toAbsolutePath());
        return d.resolve(relative);
    }
}
