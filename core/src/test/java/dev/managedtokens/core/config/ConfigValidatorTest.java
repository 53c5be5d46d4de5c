package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

    private static final String BROKEN = """
            keytabPath: /keytabs
            kerberosPrincipalPattern: "{{.Account}@FNAL.GOV"
            emial:
              from: a@example.com
            email:
              smtpPort: [25]
            timeouts:
              globalTimeout: 100s
              pushTimeout: 60ssss
              vaultStorerTimeout: 90s
            workerType:
              pushTokens:
                numRetries: 3
                retrySleep: 60s
              getToken:
                numRetries: 1
                retrySleep: 1s
            test: true
            experiments:
              dune.x:
                roles:
                  production:
                    account: dunepro
                    destinationNodes: [n1]
              mu2e:
                roles:
                  prod-x:
                    account: mu2epro
                    destinationNodes: [n1]
                    acount: typo
                    defaultRoleFileDestinationTemplateOverride: "/tmp/{{.Nope}}"
                    desiredUIDOverride: -5
            """;

    @Test
    void aBrokenFileGivesOneLinePerProblemWithLineAndColumn() {
        LoadedConfig loaded = TestConfigs.load(BROKEN);
        List<String> lines =
                loaded.problems().stream().map(ConfigProblem::render).toList();
        String f = TestConfigs.FILE.toString();
        assertEquals(
                List.of(
                        f
                                + ":2:27: kerberosPrincipalPattern: the template does not parse: unclosed action at column 1 in"
                                + " \"{{.Account}@FNAL.GOV\"; use only {{.Field}} substitutions with the fields Account",
                        f + ":3:1: emial: warning: unknown key, ignored; did you mean \"email\"?",
                        f + ":6:13: email.smtpPort: expected a whole number, found a list; write a whole number",
                        f
                                + ":7:1: timeouts: the stage timeouts kerberos 20s + vaultStorer 1m30s + ping 10s + push 30s = 2m30s"
                                + " exceed the global timeout 1m40s; raise globalTimeout to at least 2m30s or lower the stage timeouts",
                        f
                                + ":9:16: timeouts.pushTimeout: warning: cannot read \"60ssss\" as a duration (time: unknown unit"
                                + " \"ssss\" in duration \"60ssss\"); the default 30s is used; write a Go duration such as 90s,"
                                + " 1m30s or 1.5h (units ns, us, ms, s, m, h; there is no d)",
                        f + ":12:3: workerType.pushTokens: warning: 3 retries x 1m0s = 3m0s of sleep do not fit in the"
                                + " pushTimeout of 30s; retries are turned off for pushTokens only (the Go service turned them"
                                + " off for every worker type); lower numRetries or retrySleep, or raise timeouts.pushTimeout",
                        f + ":18:1: test: warning: the Go service lets this key act as the --test flag; flags in the"
                                + " configuration file are ignored here; give --test on the command line instead, and remove the key",
                        f
                                + ":20:3: experiments.dune.x: an experiment name containing \".\" cannot be addressed (the dot"
                                + " separates keys), so its roles would be read as empty; rename the experiment and keep the"
                                + " real name in experimentOverride",
                        f
                                + ":27:7: experiments.mu2e.roles.prod-x: role \"prod-x\" is not purely letters and digits, so its"
                                + " service name would not lead back to this role (the Go service reads it as role \"prod\");"
                                + " rename the role using letters and digits only",
                        f
                                + ":30:9: experiments.mu2e.roles.prod-x.acount: warning: unknown key, ignored; did you mean \"account\"?",
                        f
                                + ":31:53: experiments.mu2e.roles.prod-x.defaultRoleFileDestinationTemplateOverride: warning: the"
                                + " template names the unknown field {{.Nope}}; no role file would be pushed for the services"
                                + " using it; use only the fields Account, CondorCollectorHost, CondorCreddHost, DesiredUID,"
                                + " Experiment, Extras, HtgettokenOpts, KeytabPath, Krb5ccname, Name, Nodes, Role, Schedds,"
                                + " ServiceCreddVaultTokenPathRoot, ServiceNameFromExperimentAndRole, UserPrincipal, VaultServer"
                                + " (names are case-sensitive)",
                        f
                                + ":32:29: experiments.mu2e.roles.prod-x.desiredUIDOverride: expected a UID (a whole number from 0"
                                + " to 4294967295), found the number -5; write the account's numeric UID, or remove the key to"
                                + " look the UID up in the database"),
                lines);
        assertTrue(loaded.hasErrors());
        assertEquals(6, loaded.errors().size());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\n")));
    }

    @Test
    void aSyntaxErrorIsOneProblemAtItsPlaceAndNoConfig() {
        LoadedConfig loaded = TestConfigs.load("""
                email:
                  from: a
                 smtpHost: b
                """);
        assertTrue(loaded.config().isEmpty());
        assertEquals(1, loaded.problems().size());
        ConfigProblem p = loaded.problems().get(0);
        assertEquals(3, p.line());
        assertTrue(p.render().startsWith(TestConfigs.FILE + ":3:"), p.render());
        assertTrue(p.isError());
        assertTrue(p.problem().startsWith("not valid YAML: "), p.problem());
    }

    @Test
    void jsonProblemsCarryJsonLocations() {
        LoadedConfig loaded = TestConfigs.loadJson("""
                {
                  "timeouts": {"globalTimeout": 30},
                  "keytabpath": ["a"]
                }
                """);
        List<String> lines =
                loaded.problems().stream().map(ConfigProblem::render).toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(
                lines.get(0)
                        .startsWith("managedTokens.json:2:33: timeouts.globalTimeout: warning: a duration must"
                                + " be text with a unit, found the number 30"),
                lines.get(0));
        assertTrue(
                lines.get(1).startsWith("managedTokens.json:3:17: keytabpath: expected a single value"), lines.get(1));
    }

    @Test
    void duplicateKeysInAnyCaseAreAnError() {
        LoadedConfig loaded = TestConfigs.load("""
                notifications:
                  SLACK_ALERTS_URL: a
                  slack_alerts_url: b
                timeouts:
                  global: 10m
                  globalTimeout: 5m
                """);
        List<ConfigProblem> errors = loaded.errors();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(3, errors.get(0).line());
        assertEquals(6, errors.get(1).line());
    }

    @Test
    void misplacedKeysSayWhereTheyBelong() {
        List<String> lines = render(TestConfigs.load("""
                keytabPathOverride: /x
                experiments:
                  dune:
                    account: dunepro
                    roles:
                      production:
                        account: dunepro
                        destinationNodes: [n]
                        keytabPath: /k
                """));
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(
                lines.get(0)
                        .endsWith("keytabPathOverride: warning: unknown key, ignored; this key belongs per role"
                                + " (under experiments.<experiment>.roles.<role>)"),
                lines.get(0));
        assertTrue(
                lines.get(1)
                        .endsWith("experiments.dune.account: warning: unknown key, ignored; this key belongs per"
                                + " role (under experiments.<experiment>.roles.<role>)"),
                lines.get(1));
        assertTrue(
                lines.get(2).endsWith("keytabPath: warning: unknown key, ignored; this key belongs at the top level"),
                lines.get(2));
    }

    @Test
    void everyKnownKeyOfTheSpecIsAccepted() {
        LoadedConfig loaded = TestConfigs.load("""
                keytabPath: /k
                kerberosPrincipalPattern: "{{.Account}}@FNAL.GOV"
                condorCollectorHost: c
                condorScheddConstraint: x
                condorCreddHost: c
                vaultServer: v
                serviceCreddVaultTokenPathRoot: /r
                dbLocation: /d
                errorCountToSendMessage: 1
                defaultRoleFileDestinationTemplate: /tmp/{{.Role}}
                pingOptions: -4
                fileCopierOptions: --perms
                sshOptions: A=b
                disableNotifications: false
                devEnvironmentLabel: dev
                timeouts: {globalTimeout: 300s, kerberosTimeout: 20s, vaultStorerTimeout: 60s, pingTimeout: 10s,
                           pushTimeout: 30s, ferryRequestTimeout: 30s, dbTimeout: 10s}
                minTokenLifetime: 3d
                workerType:
                  getKerberosTickets: {numRetries: 0, retrySleep: 0s}
                  getToken: {numRetries: 0, retrySleep: 0s}
                  storeAndGetToken: {numRetries: 0, retrySleep: 0s}
                  storeAndGetTokenInteractive: {numRetries: 0, retrySleep: 0s}
                  pingAggregator: {numRetries: 0, retrySleep: 0s}
                  pushTokens: {numRetries: 1, retrySleep: 1s}
                email: {from: a, smtpHost: b, smtpPort: 25}
                notifications: {admin_email: [a], SLACK_ALERTS_URL: u}
                notifications_test: {admin_email: [a], SLACK_ALERTS_URL: u}
                logs:
                  token-push: {logfile: a, debugfile: b}
                  refresh-uids-from-ferry: {logfile: a, debugfile: b}
                  run-onboarding-managed-tokens: {logfile: a, debugfile: b}
                prometheus: {host: h, jobname: j}
                loki: {host: h, response_header_timeout: 1s}
                tracing: {url: u}
                ferry: {host: h, port: 1, hostCert: c, hostKey: k, caPath: p, serviceExperiment: e, serviceRole: r,
                        serviceKerberosPrincipal: p, serviceKeytabPath: k, vaultServer: v}
                ORIG_HTGETTOKENOPTS: x
                htgettokenopts: y
                storerConcurrency: 2
                maxConcurrentProcesses: 8
                experiments:
                  e:
                    emails: [a]
                    experimentOverride: x
                    roles:
                      r:
                        account: a
                        destinationNodes: [n]
                        desiredUIDOverride: 1
                        keytabPathOverride: k
                        userPrincipalOverride: p
                        kerberosPrincipalPatternOverride: "{{.Account}}"
                        condorCollectorHostOverride: c
                        condorScheddConstraintOverride: c
                        condorCreddHostOverride: c
                        vaultServerOverride: v
                        serviceCreddVaultTokenPathRootOverride: r
                        defaultRoleFileDestinationTemplateOverride: /tmp/x
                        fileCopierOptionsOverride: --perms
                        pingOptionsOverride: -4
                        sshOptionsOverride: A=b
                        disableNotificationsOverride: true
                        tokenGetterOverride: getToken
                """);
        assertEquals(List.of(), render(loaded));
    }

    @Test
    void valueChecksCoverEveryKind() {
        List<String> lines = render(TestConfigs.load("""
                disableNotifications: maybe
                storerConcurrency: 0
                pingOptions: "'unclosed"
                sshOptions: "A=b yes"
                notifications:
                  admin_email: "a@x, b@y"
                loki:
                  response_header_timeout: 5
                timeouts:
                  pingTimeout: 0s
                  ferryrequesttimeout: 600s
                workerType:
                  pushTokens:
                    numRetries: 2.5
                  getToken:
                    numRetries: -1
                experiments:
                  e:
                    roles:
                      r:
                        account: a
                        destinationNodes: {a: b}
                        tokenGetterOverride: GetToken
                        kerberosPrincipalPatternOverride: "{{.Account}}{{.Role}}"
                """));
        List<String> expected = List.of(
                "1:23: disableNotifications: expected true or false, found the text \"maybe\"",
                "2:20: storerConcurrency: expected a whole number of at least 1",
                "3:14: pingOptions: cannot split \"'unclosed\" into words: EOF found when expecting closing quote",
                "4:13: sshOptions: warning: not ssh options, dropped: yes",
                "6:16: notifications.admin_email: warning: a single text is split on spaces, not commas, so \"a@x,\"",
                "8:28: loki.response_header_timeout: warning: a duration must be text with a unit, found the number 5;"
                        + " the default 1s is used",
                "9:1: timeouts: warning: ferryRequest 10m0s + db 10s exceed the global timeout 5m0s",
                "10:16: timeouts.pingTimeout: a timeout of 0s would fail every step at once",
                "14:17: workerType.pushTokens.numRetries: warning: expected a whole number, found the number 2.5;"
                        + " the Go service then uses 0 retries",
                "16:17: workerType.getToken.numRetries: cannot be negative",
                "22:27: experiments.e.roles.r.destinationNodes: expected a list",
                "23:30: experiments.e.roles.r.tokenGetterOverride: warning: \"GetToken\" is not a token getter;"
                        + " storeAndGetToken is used",
                "24:43: experiments.e.roles.r.kerberosPrincipalPatternOverride: warning: the template names the"
                        + " unknown field {{.Role}}");
        assertEquals(expected.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(
                    lines.get(i).startsWith(TestConfigs.FILE + ":" + expected.get(i)),
                    lines.get(i) + "\n  should start with\n" + expected.get(i));
        }
    }

    @Test
    void rolesWithoutAccountOrNodesAreWarnedAbout() {
        List<ConfigProblem> problems = TestConfigs.load("""
                experiments:
                  e:
                    roles:
                      r: {account: a}
                      s: {destinationNodes: [n]}
                """).problems();
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).problem().contains("no destinationNodes"));
        assertTrue(problems.get(1).problem().contains("no account"));
        assertFalse(problems.get(0).isError());
    }

    /**
     * A misspelt roles key is only an unknown key to the Go service, and the experiment silently defines no service:
     * an error here, naming the experiment and the likely typo. The unknown key stays a warning with its place.
     */
    @Test
    void anExperimentWithoutRolesIsAnErrorNamingTheLikelyTypo() {
        LoadedConfig loaded = TestConfigs.load("""
                experiments:
                  dune:
                    roles:
                      production: {account: dunepro, destinationNodes: [n1]}
                  mu2e:
                    rolse:
                      production: {account: mu2epro, destinationNodes: [n1]}
                  nova:
                """);
        String f = TestConfigs.FILE.toString();
        assertEquals(
                List.of(
                        f
                                + ":5:3: experiments.mu2e: the experiment has no roles, so it defines no service; \"rolse\" looks"
                                + " like a misspelt roles; add roles: with at least one role under it, or remove the experiment",
                        f + ":6:5: experiments.mu2e.rolse: warning: unknown key, ignored; did you mean \"roles\"?",
                        f
                                + ":8:3: experiments.nova: the experiment has no roles, so it defines no service; add roles: with"
                                + " at least one role under it, or remove the experiment"),
                render(loaded));
        assertTrue(loaded.hasErrors());
    }

    /** A file that yields no service at all would make every run a silent no-op: an error for commands that run services. */
    @Test
    void aFileWithoutAnyServiceIsAnErrorWhereServicesAreRequired() {
        String f = TestConfigs.FILE.toString();
        String noService = "experiments: the file defines no service (no experiments.<experiment>.roles.<role>), so"
                + " token-push would have nothing to do; add an experiment with its roles; config/managed-tokens.yml"
                + " shows the layout";
        LoadedConfig settingsOnly = TestConfigs.load("keytabPath: /k\n");
        assertEquals(List.of(), render(settingsOnly), "a file of settings alone is fine where no service is needed");
        assertEquals(List.of(f + ":1:1: " + noService), render(settingsOnly.requiringServices()));
        LoadedConfig empty =
                TestConfigs.load("keytabPath: /k\nexperiments: {}\n").requiringServices();
        assertEquals(List.of(f + ":2:1: " + noService), render(empty));
        assertTrue(empty.hasErrors());
        LoadedConfig withService =
                TestConfigs.load("experiments: {e: {roles: {r: {account: a, destinationNodes: [n]}}}}");
        assertEquals(List.of(), render(withService.requiringServices()));
    }

    @Test
    void theShippedExampleIsValidAsShipped() throws Exception {
        Path example = Path.of("..", "config", "managed-tokens.yml");
        LoadedConfig loaded = new ConfigLoader(Map.of()).load(example, new ConfigSearch(List.of()));
        assertEquals(List.of(), render(loaded));
        Config c = loaded.config().orElseThrow();
        assertEquals(
                List.of("dune2_production", "dune_analysis", "dune_production", "mu2e_production"),
                c.services().stream().map(ServiceName::configName).toList());
        assertEquals(
                new RetryPolicy(3, java.time.Duration.ofSeconds(5)), c.retries().of(WorkerType.PUSH_TOKENS));
        for (ServiceSettings s : ServiceSelector.select(c, "", "")) {
            assertTrue(s.usable(), s.service() + ": " + s.problems());
        }
    }

    /**
     * The shipped example documents every key of the registry, each at every place it may be written, either set or
     * commented out ({@code # key: value} at the key's own indentation), and holds nothing else: with its
     * commented-out keys uncommented it is still free of problems (so no unknown or misplaced key, commented or
     * not), and every declared key, section and known name is written in it under its declared spelling.
     */
    @Test
    void theShippedExampleDocumentsEveryKeyOfTheRegistryAndNothingElse() throws Exception {
        Set<String> declared = new HashSet<>();
        for (ConfigEntry e : ConfigKeys.ALL) {
            declared.add(e.name());
            if (e instanceof ConfigKey<?> k) {
                k.override().ifPresent(declared::add);
            } else if (e instanceof ConfigSection s) {
                declared.addAll(s.knownNames());
            }
        }
        Pattern commentedKey = Pattern.compile("(\\s*)# (\\s*)([A-Za-z_][\\w-]*):(\\s.*)?");
        String uncommented = Files.readAllLines(Path.of("..", "config", "managed-tokens.yml")).stream()
                .map(line -> {
                    Matcher m = commentedKey.matcher(line);
                    return m.matches() && declared.contains(m.group(3))
                            ? m.group(1) + m.group(2) + m.group(3) + ":" + (m.group(4) == null ? "" : m.group(4))
                            : line;
                })
                .collect(Collectors.joining("\n", "", "\n"));
        LoadedConfig loaded = TestConfigs.load(uncommented);
        assertEquals(List.of(), render(loaded), "the example, its commented-out keys uncommented");
        ConfigTree tree = loaded.config().orElseThrow().tree();

        List<String> missing = new ArrayList<>();
        for (ConfigEntry e : ConfigKeys.ALL) {
            if (e instanceof ConfigSection s) {
                List<List<String>> sections = instances(tree, s.opens());
                if (sections.isEmpty()) {
                    missing.add(s.name() + " " + s.in().where());
                }
                for (String name : s.knownNames()) {
                    if (sections.stream().noneMatch(p -> p.get(p.size() - 1).equals(name))) {
                        missing.add(s.name() + "." + name);
                    }
                }
            } else if (e instanceof ConfigKey<?> k
                    && k.kind() != ConfigKey.Kind.FLAG
                    && k.kind() != ConfigKey.Kind.NO_EFFECT) {
                for (ConfigScope place : ConfigKeys.placesOf(k)) {
                    String name = k.nameIn(place);
                    if (instances(tree, place).stream()
                            .noneMatch(p -> writtenIn(tree, p).contains(name))) {
                        missing.add(name + " " + place.where());
                    }
                }
            }
        }
        assertEquals(List.of(), missing, "keys of the registry that config/managed-tokens.yml does not document");
    }

    /** The paths of every section of the file that holds the keys of {@code scope}. */
    private static List<List<String>> instances(ConfigTree tree, ConfigScope scope) {
        if (scope == ConfigScope.GLOBAL) {
            return List.of(List.of());
        }
        List<List<String>> out = new ArrayList<>();
        for (ConfigEntry e : ConfigKeys.ALL) {
            if (e instanceof ConfigSection s && s.opens() == scope) {
                for (List<String> parent : instances(tree, s.in())) {
                    List<String> path = ConfigScope.append(parent, s.name());
                    if (!s.named()) {
                        tree.node(path)
                                .filter(ConfigNode.MapNode.class::isInstance)
                                .ifPresent(n -> out.add(path));
                    } else {
                        writtenIn(tree, path).forEach(name -> out.add(ConfigScope.append(path, name)));
                    }
                }
            }
        }
        return out;
    }

    /** The keys of the map at {@code path} as written in the file. */
    private static List<String> writtenIn(ConfigTree tree, List<String> path) {
        return tree.node(path)
                .filter(ConfigNode.MapNode.class::isInstance)
                .map(ConfigNode.MapNode.class::cast)
                .map(m ->
                        m.entries().values().stream().map(ConfigNode.Entry::key).toList())
                .orElse(List.of());
    }

    @Test
    void namesThatWouldBeReadAsOptionsOrLeaveTheirDirectoryAreErrorsAtTheirPlace() {
        LoadedConfig loaded = TestConfigs.load("""
                keytabPath: /etc/keytabs
                experiments:
                  dune:
                    experimentOverride: ../../x
                    roles:
                      production:
                        account: "-e"
                        destinationNodes: [node1, "-oProxyCommand=touch /tmp/x"]
                  mu2e:
                    roles:
                      production:
                        account: ../../../../etc/krb5
                        destinationNodes: "n1 -x"
                  -bad:
                    roles:
                      production: {account: ok, destinationNodes: [n1]}
                """);
        String f = TestConfigs.FILE + ":";
        List<String> errors = loaded.problems().stream()
                .filter(ConfigProblem::isError)
                .map(ConfigProblem::render)
                .toList();
        assertEquals(
                List.of(
                        f
                                + "4:25: experiments.dune.experimentOverride: the name \"../../x\" contains \"/\" or \"..\", so the"
                                + " file names built from it would leave their directory; it becomes part of token file names"
                                + " and of the storer's arguments; write the experiment's name using letters, digits, _ and"
                                + " inner -",
                        f + "7:18: experiments.dune.roles.production.account: the account \"-e\" starts with \"-\", so"
                                + " programs would read it as an option; write the UNIX user name of the account on the nodes,"
                                + " e.g. dunepro",
                        f
                                + "8:35: experiments.dune.roles.production.destinationNodes: the node \"-oProxyCommand=touch /tmp/x\""
                                + " starts with \"-\", so ssh or ping would read it as an option; write the node's host name,"
                                + " e.g. node1.example.org",
                        f
                                + "12:18: experiments.mu2e.roles.production.account: the account \"../../../../etc/krb5\" is not a"
                                + " UNIX user name (a lower-case letter or _, then lower-case letters, digits, _, . or -,"
                                + " optionally ending in $); write the UNIX user name of the account on the nodes, e.g. dunepro",
                        f
                                + "13:27: experiments.mu2e.roles.production.destinationNodes: the node \"-x\" starts with \"-\","
                                + " so ssh or ping would read it as an option; write the node's host name, e.g. node1.example.org",
                        f
                                + "14:3: experiments.-bad: the experiment name \"-bad\" starts with \"-\", so programs would read it"
                                + " as an option; rename the experiment using letters, digits, _ and inner -"),
                errors);
        // Even read past its errors, the traversing account cannot name a keytab outside keytabPath.
        ServiceSettings mu2e =
                ServiceResolver.resolve(loaded.config().orElseThrow(), ServiceName.of("mu2e", "production"));
        assertFalse(mu2e.usable());
        assertTrue(
                mu2e.problems().toString().contains("would not be in keytabPath /etc/keytabs"),
                mu2e.problems().toString());
    }

    @Test
    void ordinaryNamesPass() {
        LoadedConfig loaded = TestConfigs.load("""
                experiments:
                  dune_2:
                    experimentOverride: dune-nd
                    roles:
                      production:
                        account: dune_pro.1$
                        destinationNodes: [node1.fnal.gov, 192.168.1.7, a-b]
                """);
        assertEquals(List.of(), render(loaded));
    }

    private static List<String> render(LoadedConfig loaded) {
        return loaded.problems().stream().map(ConfigProblem::render).toList();
    }
}
