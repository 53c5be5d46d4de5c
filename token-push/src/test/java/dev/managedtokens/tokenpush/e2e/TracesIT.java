package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The span tree of real runs, as an OTLP/HTTP collector in this JVM decodes it: one trace per run with the root
 * {@code token-push}, a span per service, and under it a span per step (kinit, each credd store or the htgettoken
 * call, ping with a span per node, push with a span per node) carrying the attributes listed in docs/metrics.md
 * ({@code service}, {@code credd}, {@code node}); failures are recorded on their spans, also when the run ends in
 * exit status 3 or 1.
 */
class TracesIT {

    static final String STORER = "talpha_prod";
    static final String PUSHER = "tbeta_prod";
    static final String GETTER = "tgamma_ana";
    static final List<String> CREDDS = List.of("credd1.pool", "credd2.pool");

    static final String KINIT = "worker.GetKerberosTicketsWorker_anonFunc";
    static final String STORE = "worker.StoreAndGetTokensForSchedd";
    static final String PING = "worker.PingAggregatorWorker_anonFunc";
    static final String PING_NODE = "worker.pingAllNodes_anonFunc";
    static final String PUSH = "worker.PushTokensWorker.serviceConfig";
    static final String PUSH_NODE = "worker.pushToNode";

    static TokenPushHarness h;
    static OtlpReceiver collector;
    static String node1;
    static String node2;
    static String nosshd;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(
                TestbedSpec.of(2, "talpha", "tbeta", "tgamma").withSshdDownNode());
        collector = OtlpReceiver.start();
        h.host.definePool(CREDDS.toArray(String[]::new));
        h.host.onboard("talpha", "prod", "talpha");
        h.host.onboard("tbeta", "prod", "tbeta");
        h.host.onboard("tgamma", "ana", "tgamma");
        h.seedUids("talpha", "tbeta", "tgamma");
        h.host.handStateToOperator();
        node1 = h.bed.node("node1").hostName();
        node2 = h.bed.node("node2").hostName();
        nosshd = h.bed.sshdDownNode().orElseThrow().hostName();
    }

    @AfterAll
    static void stopBed() {
        if (collector != null) collector.close();
        if (h != null) h.close();
    }

    @BeforeEach
    void forgetEarlierSpans() {
        collector.reset();
    }

    @AfterEach
    void repair() {
        h.standIns.clearFailureModes();
    }

    @Test
    void aSuccessfulRunIsOneTraceWithASpanPerServiceAndStep() {
        AdminHost.LauncherRun r = run(List.of(node1, node2), "");
        assertEquals(0, r.exit(), r.toString());
        Trace t = Trace.of(collector);

        OtlpReceiver.ReceivedSpan root = t.root();
        assertEquals(StatusCode.STATUS_CODE_OK, root.status(), root.toString());
        assertTrue(
                root.events().contains("Service configs setup complete"),
                root.events().toString());

        for (String service : List.of(STORER, PUSHER, GETTER)) {
            OtlpReceiver.ReceivedSpan svc = t.serviceSpan(service);
            assertEquals(StatusCode.STATUS_CODE_OK, svc.status(), svc.toString());
            OtlpReceiver.ReceivedSpan kinit = t.only(KINIT, svc);
            assertEquals(service, kinit.attribute("service"), kinit.toString());
            assertEquals(h.host.user(service.substring(0, service.indexOf('_'))), kinit.attribute("account"));
            assertOk(kinit);
        }
        for (String service : List.of(STORER, PUSHER)) {
            List<OtlpReceiver.ReceivedSpan> stores = t.children(STORE, t.serviceSpan(service));
            assertEquals(
                    Set.copyOf(CREDDS),
                    stores.stream().map(s -> s.attribute("credd")).collect(Collectors.toSet()),
                    stores.toString());
            stores.forEach(s -> {
                assertEquals(service, s.attribute("service"), s.toString());
                assertOk(s);
            });
        }
        OtlpReceiver.ReceivedSpan get = t.only(STORE, t.serviceSpan(GETTER));
        assertEquals(GETTER, get.attribute("service"));
        assertFalse(get.attributes().containsKey("credd"), get.toString());

        for (String service : List.of(STORER, PUSHER, GETTER)) {
            List<String> nodes = service.equals(GETTER) ? List.of(node1) : List.of(node1, node2);
            assertNodeSpans(t, service, nodes, Set.of());
        }
    }

    @Test
    void aRunEndingInExitStatusThreeRecordsTheFailuresOnTheirSpans() {
        h.standIns.setFailureMode(FailureTarget.service(STORER), FailureMode.AUTH_NEEDED);
        AdminHost.LauncherRun r = run(List.of(node1, nosshd), "");
        assertEquals(3, r.exit(), r.toString());
        Trace t = Trace.of(collector);

        OtlpReceiver.ReceivedSpan root = t.root();
        assertEquals(StatusCode.STATUS_CODE_ERROR, root.status(), root.toString());
        assertTrue(root.statusMessage().contains("2 service(s) failed"), root.toString());

        OtlpReceiver.ReceivedSpan storer = t.serviceSpan(STORER);
        assertEquals(StatusCode.STATUS_CODE_ERROR, storer.status(), storer.toString());
        List<OtlpReceiver.ReceivedSpan> stores = t.children(STORE, storer);
        assertEquals(2, stores.size(), stores.toString());
        for (OtlpReceiver.ReceivedSpan s : stores) {
            assertEquals(StatusCode.STATUS_CODE_ERROR, s.status(), s.toString());
            assertTrue(s.statusMessage().toLowerCase().contains("authentication needed"), s.toString());
            assertTrue(s.events().contains("exception"), s.toString());
        }
        // A service that failed at its token never pings or pushes.
        assertTrue(
                t.children(PING, storer).isEmpty() && t.children(PUSH, storer).isEmpty(), t.toString());

        OtlpReceiver.ReceivedSpan pusher = t.serviceSpan(PUSHER);
        assertEquals(StatusCode.STATUS_CODE_ERROR, pusher.status(), pusher.toString());
        assertTrue(pusher.statusMessage().contains(nosshd), pusher.toString());
        OtlpReceiver.ReceivedSpan push = t.only(PUSH, pusher);
        assertEquals(StatusCode.STATUS_CODE_ERROR, push.status(), push.toString());
        assertNodeSpans(t, PUSHER, List.of(node1, nosshd), Set.of(nosshd));

        OtlpReceiver.ReceivedSpan getter = t.serviceSpan(GETTER);
        assertEquals(StatusCode.STATUS_CODE_OK, getter.status(), getter.toString());
        assertNodeSpans(t, GETTER, List.of(node1), Set.of());
    }

    @Test
    void aRunEndingInExitStatusOneStillReachesTheCollector() {
        AdminHost.LauncherRun r = run(List.of(node1), "condorCollectorHostOverride: down.pool", "-s", STORER);
        assertEquals(1, r.exit(), r.toString());
        Trace t = Trace.of(collector);
        OtlpReceiver.ReceivedSpan root = t.root();
        assertEquals(StatusCode.STATUS_CODE_ERROR, root.status(), root.toString());
        assertTrue(root.statusMessage().contains("no serviceConfigs to operate on"), root.toString());
        assertTrue(t.all(KINIT).isEmpty(), t.toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Under the service's ping span one span per node ({@code node}), and under its push span at least one per node
     * ({@code service}, {@code node}); those of {@code failedPushNodes} are errors, the others OK.
     */
    private static void assertNodeSpans(Trace t, String service, List<String> nodes, Set<String> failedPushNodes) {
        OtlpReceiver.ReceivedSpan ping = t.only(PING, t.serviceSpan(service));
        assertEquals(service, ping.attribute("service"), ping.toString());
        List<OtlpReceiver.ReceivedSpan> pings = t.children(PING_NODE, ping);
        assertEquals(
                nodes.stream().sorted().toList(),
                pings.stream().map(s -> s.attribute("node")).sorted().toList(),
                "ping spans of " + service + ": " + pings);
        pings.forEach(TracesIT::assertOk);

        OtlpReceiver.ReceivedSpan push = t.only(PUSH, t.serviceSpan(service));
        assertEquals(service, push.attribute("service"), push.toString());
        List<OtlpReceiver.ReceivedSpan> pushes = t.children(PUSH_NODE, push);
        assertEquals(
                Set.copyOf(nodes),
                pushes.stream().map(s -> s.attribute("node")).collect(Collectors.toSet()),
                "push spans of " + service + ": " + pushes);
        for (OtlpReceiver.ReceivedSpan p : pushes) {
            assertEquals(service, p.attribute("service"), p.toString());
            if (failedPushNodes.contains(p.attribute("node"))) {
                assertEquals(StatusCode.STATUS_CODE_ERROR, p.status(), p.toString());
                assertFalse(p.statusMessage().isEmpty(), p.toString());
            } else {
                assertOk(p);
            }
        }
    }

    private static void assertOk(OtlpReceiver.ReceivedSpan s) {
        assertTrue(s.status() != StatusCode.STATUS_CODE_ERROR, "unexpected error on " + s);
    }

    private static AdminHost.LauncherRun run(List<String> pusherNodes, String storerExtra, String... args) {
        String extra = storerExtra.isEmpty() ? "" : "\n      " + storerExtra;
        h.writeConfigWithSettings(
                """
                talpha:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s, %s]%s
                tbeta:
                  roles:
                    prod:
                      account: %s
                      destinationNodes: [%s]
                tgamma:
                  roles:
                    ana:
                      account: %s
                      destinationNodes: [%s]
                      tokenGetterOverride: getToken
                """.formatted(
                                h.host.user("talpha"),
                                node1,
                                node2,
                                extra,
                                h.host.user("tbeta"),
                                String.join(", ", pusherNodes),
                                h.host.user("tgamma"),
                                node1),
                """
                storerConcurrency: 4
                disableNotifications: true
                tracing:
                  url: %s
                timeouts:
                  globalTimeout: 60s
                  kerberosTimeout: 10s
                  vaultStorerTimeout: 20s
                  pingTimeout: 10s
                  pushTimeout: 20s
                """.formatted(collector.url()));
        return h.tokenPush(args);
    }

    /** The spans of one run: exactly one trace, one root, every other span's parent in the trace. */
    record Trace(List<OtlpReceiver.ReceivedSpan> spans) {

        static Trace of(OtlpReceiver collector) {
            assertEquals(List.of(), collector.problems());
            Trace t = new Trace(collector.spans());
            assertFalse(t.spans().isEmpty(), "no span reached the collector");
            Set<String> traces =
                    t.spans().stream().map(OtlpReceiver.ReceivedSpan::traceId).collect(Collectors.toSet());
            assertEquals(1, traces.size(), "one run, one trace: " + t);
            Set<String> ids =
                    t.spans().stream().map(OtlpReceiver.ReceivedSpan::spanId).collect(Collectors.toSet());
            for (OtlpReceiver.ReceivedSpan s : t.spans()) {
                assertEquals("managed-tokens", s.serviceName(), s.toString());
                assertTrue(s.isRoot() || ids.contains(s.parentSpanId()), "orphan span " + s + " in " + t);
            }
            return t;
        }

        OtlpReceiver.ReceivedSpan root() {
            List<OtlpReceiver.ReceivedSpan> roots =
                    spans.stream().filter(OtlpReceiver.ReceivedSpan::isRoot).toList();
            assertEquals(1, roots.size(), "roots: " + roots);
            OtlpReceiver.ReceivedSpan root = roots.getFirst();
            assertEquals("token-push", root.name());
            assertEquals("token-push", root.scope());
            return root;
        }

        /** The service's span: a child of the root, in the executable's scope, with {@code service}. */
        OtlpReceiver.ReceivedSpan serviceSpan(String service) {
            List<OtlpReceiver.ReceivedSpan> found = children("serviceConfig", root()).stream()
                    .filter(s -> service.equals(s.attribute("service")))
                    .toList();
            assertEquals(1, found.size(), "service spans of " + service + " in " + this);
            assertEquals("token-push", found.getFirst().scope());
            return found.getFirst();
        }

        List<OtlpReceiver.ReceivedSpan> all(String name) {
            return spans.stream().filter(s -> s.name().equals(name)).toList();
        }

        List<OtlpReceiver.ReceivedSpan> children(String name, OtlpReceiver.ReceivedSpan parent) {
            return all(name).stream()
                    .filter(s -> s.parentSpanId().equals(parent.spanId()))
                    .toList();
        }

        OtlpReceiver.ReceivedSpan only(String name, OtlpReceiver.ReceivedSpan parent) {
            List<OtlpReceiver.ReceivedSpan> found = children(name, parent);
            assertEquals(1, found.size(), name + " under " + parent + " in " + this);
            return found.getFirst();
        }

        @Override
        public String toString() {
            return spans.stream().map(Object::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
        }
    }
}
