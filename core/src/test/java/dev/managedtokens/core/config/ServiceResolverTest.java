package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServiceResolverTest {

    private static final String ROLE = "experiments:\n  myexpt:\n    roles:\n      myrole:\n";

    /** A configuration with the given top-level YAML and the given role-level YAML (both unindented). */
    private static String yaml(String global, String role) {
        StringBuilder out = new StringBuilder(global).append('\n').append(ROLE);
        out.append("        account: myaccount\n");
        role.lines().forEach(l -> out.append("        ").append(l).append('\n'));
        return out.toString();
    }

    private static ServiceSettings resolve(String global, String role) {
        return TestConfigs.service(yaml(global, role), "myexpt_myrole");
    }

    private static ServiceSettings resolve(String global, String role, Map<String, String> env) {
        return TestConfigs.service(yaml(global, role), "myexpt_myrole", env);
    }

    // --- the override rule: a role's <key>Override, else the global key (docs/configuration.md)

    @Test
    void overridePathIsTheRolesOverrideWhenSet() {
        ConfigTree tree = TestConfigs.config(yaml("keytabPath: /g", "keytabPathOverride: /r"))
                .tree();
        ConfigKey.Found l = ConfigKeys.KEYTAB_PATH
                .locate(tree, ServiceName.parse("myexpt_myrole"))
                .orElseThrow();
        assertEquals("experiments.myexpt.roles.myrole.keytabPathOverride", l.dotted());
        assertTrue(l.overridden());
    }

    @Test
    void overridePathIsTheGlobalKeyOtherwise() {
        ConfigTree tree = TestConfigs.config(yaml("keytabPath: /g", "keytabPathOverrideButDifferent: /r"))
                .tree();
        ConfigKey.Found l = ConfigKeys.KEYTAB_PATH
                .locate(tree, ServiceName.parse("myexpt_myrole"))
                .orElseThrow();
        assertEquals("keytabPath", l.dotted());
        assertFalse(l.overridden());
    }

    @Test
    void anOverrideWithoutValueDoesNotCount() {
        assertEquals(
                List.of("g1"),
                resolve("condorCollectorHost: g1", "condorCollectorHostOverride:")
                        .collectorHosts());
    }

    // --- collector, constraint, credd

    @Test
    void collectorGlobalOverrideAndOverrideAlone() {
        assertEquals(
                List.of("global"), resolve("condorCollectorHost: global", "").collectorHosts());
        assertEquals(
                List.of("role"),
                resolve("condorCollectorHost: global", "condorCollectorHostOverride: role")
                        .collectorHosts());
        assertEquals(
                List.of("role"),
                resolve("", "condorCollectorHostOverride: role").collectorHosts());
        assertEquals(List.of(), resolve("", "").collectorHosts());
    }

    /** A deliberate difference (docs/configuration.md): the Go service kept " host2" with its space. */
    @Test
    void collectorListsAreTrimmed() {
        assertEquals(
                List.of("myCollectorHost1", "myCollectorHost2"),
                resolve("condorCollectorHost: \"myCollectorHost1, myCollectorHost2 ,\"", "")
                        .collectorHosts());
    }

    @Test
    void scheddConstraintMissingGlobalAndOverride() {
        assertEquals(Optional.empty(), resolve("", "").scheddConstraint());
        assertEquals(Optional.of("g"), resolve("condorScheddConstraint: g", "").scheddConstraint());
        assertEquals(
                Optional.of("r"),
                resolve("condorScheddConstraint: g", "condorScheddConstraintOverride: r")
                        .scheddConstraint());
    }

    @Test
    void creddOverrideGlobalRoleAndMissing() {
        assertEquals(
                Optional.of("mycreddhost"),
                resolve("condorCreddHost: mycreddhost", "").creddOverride());
        assertEquals(
                Optional.of("rolecredd"),
                resolve("condorCreddHost: mycreddhost", "condorCreddHostOverride: rolecredd")
                        .creddOverride());
        assertEquals(Optional.empty(), resolve("", "").creddOverride());
        // never split: a comma stays part of the one host
        assertEquals(Optional.of("a,b"), resolve("condorCreddHost: a,b", "").creddOverride());
    }

    // --- principal, credkey, HTGETTOKENOPTS

    @Test
    void principalFromTheTemplate() {
        assertEquals(
                "foobarmyaccount",
                resolve("kerberosPrincipalPattern: foobar{{.Account}}", "")
                        .userPrincipal()
                        .value());
    }

    @Test
    void principalWithAnUnknownFieldFailsWithAReason() {
        ServiceSettings s = resolve("kerberosPrincipalPattern: foobar{{.DifferentField}}", "");
        assertFalse(s.userPrincipal().isOk());
        assertTrue(s.userPrincipal().failure().orElseThrow().contains("DifferentField"));
        assertEquals("", s.credKey());
        assertEquals("", s.htgettokenOpts());
        assertFalse(s.usable());
    }

    @Test
    void userPrincipalOverrideWins() {
        assertEquals(
                "over@FNAL.GOV",
                resolve("kerberosPrincipalPattern: foobar{{.Account}}", "userPrincipalOverride: over@FNAL.GOV")
                        .userPrincipal()
                        .value());
        assertEquals(
                "role{{.Account}}",
                resolve("kerberosPrincipalPattern: x", "userPrincipalOverride: role{{.Account}}")
                        .userPrincipal()
                        .value());
    }

    @Test
    void aRolePrincipalPatternOverrideIsSupported() {
        assertEquals(
                "myaccount@EXAMPLE",
                resolve(
                                "kerberosPrincipalPattern: g{{.Account}}",
                                "kerberosPrincipalPatternOverride: \"{{.Account}}@EXAMPLE\"")
                        .userPrincipal()
                        .value());
    }

    @Test
    void anEmptyPrincipalFails() {
        ServiceSettings s = resolve("", "");
        assertTrue(s.userPrincipal().failure().orElseThrow().contains("Cannot have a blank userPrincipal"));
        assertEquals("", s.credKey());
        assertEquals("", s.htgettokenOpts());
    }

    /** A deliberate difference (docs/configuration.md): the Go service rendered the principal with html/template. */
    @Test
    void thePrincipalIsNotHtmlEscaped() {
        ServiceSettings s = TestConfigs.service("""
                kerberosPrincipalPattern: "{{.Account}}/host@FNAL.GOV"
                experiments:
                  e:
                    roles:
                      r: {account: "o'neil+x"}
                """, "e_r");
        assertEquals("o'neil+x/host@FNAL.GOV", s.userPrincipal().value());
    }

    /**
     * The credkey names where Vault keeps the refresh token, so it is the Go service's: every literal "@FNAL.GOV"
     * removed, case-sensitive, any other realm kept. Anything else orphans the services the Go service onboarded.
     */
    @Test
    void credKeyRemovesExactlyTheFnalRealmAsTheGoServiceDid() {
        assertEquals(
                "myaccount/managedtokens/test.fnal.gov", CredKey.of("myaccount/managedtokens/test.fnal.gov@FNAL.GOV"));
        assertEquals("svc/host@EXAMPLE.ORG", CredKey.of("svc/host@EXAMPLE.ORG"));
        assertEquals("svc/host@fnal.gov", CredKey.of("svc/host@fnal.gov"), "the match is case-sensitive");
        assertEquals("a/b", CredKey.of("a@FNAL.GOV/b@FNAL.GOV"), "every occurrence goes");
        assertEquals("noRealm", CredKey.of("noRealm"));
        assertEquals(
                "svc/host@TEST.REALM",
                resolve("kerberosPrincipalPattern: svc/host@TEST.REALM", "").credKey());
        assertEquals(
                "--vaulttokenminttl=10s --credkey=svc/host@TEST.REALM",
                resolve("kerberosPrincipalPattern: svc/host@TEST.REALM", "").htgettokenOpts());
        assertEquals(
                "svc/host",
                resolve("kerberosPrincipalPattern: svc/host@FNAL.GOV", "").credKey());
    }

    @Test
    void htgettokenOptsFromTheEnvironment() {
        String principal = "kerberosPrincipalPattern: \"{{.Account}}/managedtokenstest/test.fnal.gov@FNAL.GOV\"";
        assertEquals(
                "someotherstuffbutnotcredkey --credkey=myaccount/managedtokenstest/test.fnal.gov",
                resolve(principal, "", Map.of("HTGETTOKENOPTS", "someotherstuffbutnotcredkey"))
                        .htgettokenOpts());
        String containing = "--flag --credkey myaccount/managedtokenstest/test.fnal.gov";
        assertEquals(
                containing,
                resolve(principal, "", Map.of("HTGETTOKENOPTS", containing)).htgettokenOpts());
    }

    @Test
    void htgettokenOptsDefaultAddsTheMinimumLifetime() {
        assertEquals(
                "--vaulttokenminttl=10s --credkey=myaccount-principal",
                resolve("kerberosPrincipalPattern: \"{{.Account}}-principal\"", "")
                        .htgettokenOpts());
        assertEquals(
                "--vaulttokenminttl=30s --credkey=myaccount-principal",
                resolve("kerberosPrincipalPattern: \"{{.Account}}-principal\"\nminTokenLifetime: 30s", "")
                        .htgettokenOpts());
    }

    @Test
    void resolveHtgettokenOptsFromConfig() {
        assertEquals("--credkey mycredkey", opts(Optional.of("--credkey mycredkey"), "mycredkey"));
        assertEquals(
                "--flag1 arg1 --credkey=mycredkey", opts(Optional.of("--flag1 arg1 --credkey=mycredkey"), "mycredkey"));
        assertEquals(
                "--flag1 arg1 --flag2 arg2 --credkey=mycredkey",
                opts(Optional.of("--flag1 arg1 --flag2 arg2"), "mycredkey"));
        assertEquals(
                "--flag1 arg1 --credkey differentcredkey --flag2 arg2 --credkey=mycredkey",
                opts(Optional.of("--flag1 arg1 --credkey differentcredkey --flag2 arg2"), "mycredkey"));
        assertEquals("--credkey=mycredkey", opts(Optional.of(""), "mycredkey"));
        // set only through the file: an empty value is still "set"
        assertEquals(
                "--credkey=myaccount",
                resolve("kerberosPrincipalPattern: \"{{.Account}}\"\nORIG_HTGETTOKENOPTS: \"\"", "")
                        .htgettokenOpts());
    }

    private static String opts(Optional<String> orig, String credKey) {
        Config base = TestConfigs.config("{}");
        Config c = new Config(
                base.file(),
                base.devEnvironmentLabel(),
                base.dbLocation(),
                base.errorCountToSendMessage(),
                base.minTokenLifetime(),
                base.disableNotifications(),
                base.timeouts(),
                base.retries(),
                base.storerConcurrency(),
                base.maxConcurrentProcesses(),
                base.email(),
                base.notifications(),
                base.prometheus(),
                base.loki(),
                base.tracing(),
                base.logs(),
                base.ferry(),
                base.htgettokenOpts(),
                orig,
                base.condorGettokenOpts(),
                base.experiments(),
                base.tree());
        return ServiceResolver.htgettokenOpts(c, credKey);
    }

    // --- keytab, UID

    @Test
    void keytabOverrideIsTheWholePathOtherwiseDirectoryPlusAccount() {
        assertEquals(
                "/path/to/keytab/myaccount.keytab",
                resolve("keytabPath: /path/to/keytab", "").keytabPath());
        assertEquals(
                "/path/to/keytab/myaccount.keytab",
                resolve("keytabPath: /path/to//keytab/", "").keytabPath());
        assertEquals(
                "/special/file",
                resolve("keytabPath: /path/to/keytab", "keytabPathOverride: /special/file")
                        .keytabPath());
        assertEquals("myaccount.keytab", resolve("", "").keytabPath());
    }

    @Test
    void desiredUidOverride() {
        assertEquals(
                OptionalLong.of(123), resolve("", "desiredUIDOverride: 123").desiredUidOverride());
        assertEquals(OptionalLong.empty(), resolve("", "").desiredUidOverride());
        assertEquals(OptionalLong.empty(), resolve("", "desiredUIDOverride: -1").desiredUidOverride());
    }

    // --- vault server: the environment, then the file, then HTCondor (docs/configuration.md)

    @Test
    void vaultServerEnvironmentBeatsConfig() {
        assertEquals(
                new VaultServerSource.FromEnvironment("envserver"),
                resolve("vaultServer: confserver", "", Map.of("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "-a envserver"))
                        .vaultServer());
        assertEquals(
                new VaultServerSource.FromEnvironment("envserver"),
                resolve("", "", Map.of("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "-a envserver"))
                        .vaultServer());
    }

    @Test
    void vaultServerFromConfigOrOverride() {
        assertEquals(
                new VaultServerSource.FromConfig("confserver"),
                resolve("vaultServer: confserver", "").vaultServer());
        assertEquals(
                new VaultServerSource.FromConfig("roleserver"),
                resolve("vaultServer: confserver", "vaultServerOverride: roleserver")
                        .vaultServer());
    }

    @Test
    void withoutEnvironmentOrConfigTheCallerAsksCondor() {
        assertEquals(new VaultServerSource.AskCondor(), resolve("", "").vaultServer());
    }

    @Test
    void anEnvironmentValueWithoutServerFailsTheServiceWithoutFallback() {
        ServiceSettings s =
                resolve("vaultServer: confserver", "", Map.of("_condor_SEC_CREDENTIAL_GETTOKEN_OPTS", "--other x"));
        assertTrue(s.vaultServer() instanceof VaultServerSource.Invalid);
        assertFalse(s.usable());
    }

    @Test
    void gettokenOptsParsing() {
        for (String opts : List.of(
                "-a vaultserver.domain",
                "--vaultserver vaultserver.domain",
                "-foo blah --bar blah -a vaultserver.domain --another-flag baz",
                "-a vaultserver1.domain -a vaultserver.domain",
                "-avaultserver.domain")) {
            assertEquals("vaultserver.domain", VaultServerSource.parseGettokenOpts(opts), opts);
        }
        assertThrows(IllegalArgumentException.class, () -> VaultServerSource.parseGettokenOpts("--foo bar"));
        assertThrows(IllegalArgumentException.class, () -> VaultServerSource.parseGettokenOpts("-a 'unbalanced"));
    }

    // --- options, templates, token getter, notifications, nodes

    @Test
    void pingAndSshOptionsAreSplitAndMissingGivesAnEmptyList() {
        ServiceSettings s = resolve("pingOptions: -foo --bar value\nsshOptions: -foo --bar value", "");
        assertEquals(List.of("-foo", "--bar", "value"), s.pingOptions());
        assertEquals(List.of("-foo", "--bar", "value"), s.sshOptions());
        ServiceSettings none = resolve("", "");
        assertEquals(List.of(), none.pingOptions());
        assertEquals(List.of(), none.sshOptions());
        assertEquals(
                List.of("-4"),
                resolve("pingOptions: -W 1", "pingOptionsOverride: -4").pingOptions());
    }

    /**
     * A deliberate difference (docs/configuration.md): the Go service ran rsync with no options at all, leaving
     * tokens world-readable.
     */
    @Test
    void fileCopierOptionsDefaultToOwnerReadOnly() {
        assertEquals(List.of("--perms", "--chmod=u=r,go="), resolve("", "").fileCopierOptions());
        assertEquals(List.of(), resolve("fileCopierOptions: \"\"", "").fileCopierOptions());
        assertEquals(
                List.of("-z"),
                resolve("fileCopierOptions: --perms", "fileCopierOptionsOverride: -z")
                        .fileCopierOptions());
    }

    @Test
    void roleFileTemplateDefaultGlobalAndOverride() {
        assertEquals(
                "/tmp/default_role_{{.Experiment}}_{{.DesiredUID}}",
                resolve("", "").roleFileDestination().value().source());
        assertEquals(
                "/tmp/g",
                resolve("defaultRoleFileDestinationTemplate: /tmp/g", "")
                        .roleFileDestination()
                        .value()
                        .source());
        assertEquals(
                "/tmp/r",
                resolve(
                                "defaultRoleFileDestinationTemplate: /tmp/g",
                                "defaultRoleFileDestinationTemplateOverride: /tmp/r")
                        .roleFileDestination()
                        .value()
                        .source());
        assertEquals(
                "",
                resolve("defaultRoleFileDestinationTemplate: \"\"", "")
                        .roleFileDestination()
                        .value()
                        .source());
    }

    /** A deliberate difference (docs/configuration.md): the Go service panicked on a template that does not parse. */
    @Test
    void anUnparsableRoleFileTemplateIsAResolutionProblemNotACrash() {
        ServiceSettings s =
                resolve("kerberosPrincipalPattern: x", "defaultRoleFileDestinationTemplateOverride: /tmp/{{.X");
        assertFalse(s.roleFileDestination().isOk());
        assertFalse(s.usable());
    }

    @Test
    void tokenGetterOverride() {
        assertEquals(TokenGetter.STORE_AND_GET_TOKEN, resolve("", "").tokenGetter());
        assertEquals(
                TokenGetter.STORE_AND_GET_TOKEN,
                resolve("", "tokenGetterOverride: storeAndGetToken").tokenGetter());
        assertEquals(
                TokenGetter.GET_TOKEN,
                resolve("", "tokenGetterOverride: getToken").tokenGetter());
        assertEquals(
                TokenGetter.STORE_AND_GET_TOKEN,
                resolve("", "tokenGetterOverride: InvalidType").tokenGetter());
        assertEquals(
                TokenGetter.STORE_AND_GET_TOKEN,
                resolve("", "tokenGetterOverride: \"\"").tokenGetter());
        // a global tokenGetter is never read
        assertEquals(
                TokenGetter.STORE_AND_GET_TOKEN,
                resolve("tokenGetter: getToken", "").tokenGetter());
    }

    @Test
    void experimentOverrideSetsTheRealExperimentAndAnEmptyOneDoesNot() {
        Config c = TestConfigs.config("""
                experiments:
                  a:
                    experimentOverride: real
                    roles: {r: {}}
                  b:
                    experimentOverride: ""
                    roles: {r: {}}
                """);
        assertEquals("real", c.experiments().get("a").realExperiment());
        assertEquals("b", c.experiments().get("b").realExperiment());
        assertEquals("real_r", c.services().get(0).name());
    }

    @Test
    void nodesEmailsAndAccountAreRead() {
        ServiceSettings s = TestConfigs.service("""
                experiments:
                  e:
                    emails: "a@x b@y"
                    roles:
                      r:
                        account: acct
                        destinationNodes: [n2, n1]
                """, "e_r");
        assertEquals("acct", s.account());
        assertEquals(List.of("n2", "n1"), s.destinationNodes());
        assertEquals(List.of("a@x", "b@y"), s.emails());
        assertEquals("", s.tokenRoot());
    }

    @Test
    void tokenRootGlobalAndOverride() {
        assertEquals("/g", resolve("serviceCreddVaultTokenPathRoot: /g", "").tokenRoot());
        assertEquals(
                "/r",
                resolve("serviceCreddVaultTokenPathRoot: /g", "serviceCreddVaultTokenPathRootOverride: /r")
                        .tokenRoot());
    }

    @Test
    void aFullyConfiguredServiceIsUsable() {
        ServiceSettings s = resolve("kerberosPrincipalPattern: \"{{.Account}}@FNAL.GOV\"", "destinationNodes: [n]");
        assertTrue(s.usable(), s.problems().toString());
        assertEquals("myaccount", s.credKey());
    }
}
