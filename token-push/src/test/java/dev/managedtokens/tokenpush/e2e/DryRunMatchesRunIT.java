package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.Call;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --dry-run --json} prints the requests the run executes: for every storer and htgettoken call the dry run
 * plans, the real run that follows makes that call, in that order, with the same arguments and the same service
 * variables, as the stand-ins' call log shows. Only what the run makes as it goes differs: the credential cache,
 * the runtime directory and htgettoken's bearer-token file.
 */
class DryRunMatchesRunIT {

    static final String STORE = "drone_prod";
    static final String GET = "drtwo_ana";
    /** Made by the run as it goes; the dry run shows placeholders for them. */
    static final Set<String> RUN_BOUND = Set.of("KRB5CCNAME", "XDG_RUNTIME_DIR");

    static TokenPushHarness h;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "one", "two"));
        h.host.definePool("credd2.pool", "credd1.pool");
        h.host.onboard("drone", "prod", "one");
        h.host.onboard("drtwo", "ana", "two");
        h.seedUids("one", "two");
        h.host.handStateToOperator();
        String node = h.bed.node("node1").hostName();
        h.writeConfig("""
                drone:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                drtwo:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                """.formatted(h.host.user("one"), node, h.host.user("two"), node), "");
        // Once, so that the tokens exist and htgettoken is given the kept vault token, as in every later hourly run.
        AdminHost.LauncherRun first = h.tokenPush();
        assertEquals(0, first.exit(), first.toString());
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @Test
    void theRunMakesExactlyTheTokenCallsTheDryRunPrinted() throws Exception {
        AdminHost.LauncherRun dry = h.tokenPush("--dry-run", "--json");
        assertEquals(0, dry.exit(), dry.toString());
        JsonNode services = new ObjectMapper().readTree(dry.stdout()).get("services");

        Instant start = Instant.now();
        AdminHost.LauncherRun run = h.tokenPush();
        assertEquals(0, run.exit(), run.toString());
        List<Call> since = h.standIns.callLog().stream()
                .filter(c -> !c.at().isBefore(start))
                .toList();
        // token-push's own calls: the storer runs htgettoken itself, and those calls are the storer's business.
        Set<Long> storers = since.stream()
                .filter(c -> c.tool().equals("condor_vault_storer"))
                .map(Call::pid)
                .collect(java.util.stream.Collectors.toSet());
        List<Call> calls = since.stream()
                .filter(c -> c.tool().equals("condor_vault_storer") || c.tool().equals("htgettoken"))
                .filter(c -> !storers.contains(c.parentPid()))
                .toList();

        int compared = 0;
        for (JsonNode service : services) {
            String name = service.get("name").asText();
            List<JsonNode> planned = new ArrayList<>();
            service.get("steps").forEach(step -> {
                String program = step.get("program").asText();
                if (program.equals("condor_vault_storer") || program.equals("htgettoken")) planned.add(step);
            });
            assertFalse(planned.isEmpty(), "the dry run plans no token call for " + name + ": " + service);
            List<Call> made = calls.stream().filter(c -> belongsTo(c, name)).toList();
            assertEquals(planned.size(), made.size(), "calls for " + name + ": planned " + planned + ", made " + made);
            for (int i = 0; i < planned.size(); i++) {
                JsonNode p = planned.get(i);
                Call c = made.get(i);
                assertEquals(p.get("program").asText(), c.tool());
                assertEquals(masked(strings(p.get("args"))), masked(c.argv()), "arguments of " + c);
                Map<String, String> env = new ObjectMapper().convertValue(p.get("env"), Map.class);
                for (String key : List.of(
                        "_condor_CREDD_HOST",
                        "_condor_COLLECTOR_HOST",
                        "HTGETTOKENOPTS",
                        "_condor_SEC_CREDENTIAL_GETTOKEN_OPTS")) {
                    if (env.containsKey(key) || c.env().containsKey(key)) {
                        assertEquals(env.get(key), c.envValue(key), key + " of " + c + " against the plan " + p);
                    }
                }
                for (String key : RUN_BOUND) {
                    if (env.containsKey(key)) {
                        assertNotNull(c.envValue(key), key + " is planned but not set: " + c);
                    }
                }
                compared++;
            }
        }
        // Two credds for the store service, one htgettoken call for the getToken service.
        assertEquals(3, compared, "token calls compared");
        assertTrue(calls.stream().anyMatch(c -> c.tool().equals("htgettoken") && belongsTo(c, GET)), calls.toString());
        assertTrue(
                calls.stream().anyMatch(c -> c.tool().equals("condor_vault_storer") && belongsTo(c, STORE)),
                calls.toString());
    }

    /** A storer call names its service last; an htgettoken call holds it in its vault token file name. */
    private static boolean belongsTo(Call c, String service) {
        if (c.tool().equals("condor_vault_storer")) return c.argv().getLast().equals(service);
        return c.argv().stream().anyMatch(a -> a.endsWith("-" + service));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** htgettoken's {@code -o}: a private file the run makes for each call. */
    private static List<String> masked(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        int o = out.indexOf("-o");
        if (o >= 0 && o + 1 < out.size()) out.set(o + 1, "<bearer token file>");
        return out;
    }
}
