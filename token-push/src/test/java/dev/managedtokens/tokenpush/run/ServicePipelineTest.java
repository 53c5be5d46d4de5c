package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.Resolved;
import dev.managedtokens.core.config.RetryPolicies;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.Timeouts;
import dev.managedtokens.core.config.TokenGetter;
import dev.managedtokens.core.config.VaultServerSource;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.PlanningContext;
import dev.managedtokens.tokenpush.plan.ResolvedService;
import dev.managedtokens.tokenpush.plan.RunMode;
import dev.managedtokens.tokenpush.plan.ServiceRequests;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as a loop over steps, with fake steps: order, what ends it, what does not, the stage it failed at,
 * the deadline and cancellation, and that every step hears when the service is done. No root, no testbed.
 */
class ServicePipelineTest {

    @TempDir
    Path tmp;

    /** A step that records that it ran and returns what it was told to; its request is its own name. */
    static final class FakeStep implements Step<String> {
        final Stage stage;
        final Optional<String> failure;
        final boolean ends;
        final boolean planned;
        final List<String> log;

        FakeStep(Stage stage, Optional<String> failure, boolean ends, boolean planned, List<String> log) {
            this.stage = stage;
            this.failure = failure;
            this.ends = ends;
            this.planned = planned;
            this.log = log;
        }

        @Override
        public Optional<String> plan(PlanningContext context) {
            return planned ? Optional.of(stage.stageLabel()) : Optional.empty();
        }

        @Override
        public Stage stage(String request) {
            return stage;
        }

        @Override
        public StepResult run(ServiceRun run, String request) {
            assertEquals(stage.stageLabel(), request, "each step gets its own request");
            log.add("run " + stage + " after " + run.earlier().size());
            assertTrue(Files.exists(run.cache()), "the service's credential cache exists before the first step");
            return new FakeResult(stage, failure);
        }

        @Override
        public StepResult notRun(String request, String reason) {
            log.add("notRun " + stage);
            return new FakeResult(stage, Optional.of(reason));
        }

        @Override
        public boolean failureEndsPipeline() {
            return ends;
        }

        @Override
        public void serviceDone(PlannedService service) {
            log.add("done " + stage);
        }
    }

    record FakeResult(Stage stage, Optional<String> failure) implements StepResult {}

    static FakeStep ok(Stage stage, List<String> log) {
        return new FakeStep(stage, Optional.empty(), true, true, log);
    }

    static FakeStep failing(Stage stage, boolean ends, List<String> log) {
        return new FakeStep(stage, Optional.of(stage + " broke"), ends, true, log);
    }

    @Test
    void runsEveryStepInOrderAndSucceeds() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(ok(KerberosStep.STAGE, log), ok(TokenStep.STORE, log), ok(PushStep.STAGE, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded(), o.toString());
        assertEquals(
                List.of(
                        "run getKerberosTickets after 0",
                        "run storeAndGetTokens after 1",
                        "run pushTokens after 2",
                        "done getKerberosTickets",
                        "done storeAndGetTokens",
                        "done pushTokens"),
                log);
        assertEquals(
                List.of(KerberosStep.STAGE, TokenStep.STORE, PushStep.STAGE),
                o.steps().stream().map(StepResult::stage).toList());
    }

    @Test
    void aFailureThatEndsThePipelineStopsItThere() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(ok(KerberosStep.STAGE, log), failing(TokenStep.STORE, true, log), ok(PushStep.STAGE, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertFalse(o.succeeded());
        assertEquals(Optional.of(TokenStep.STORE), o.failedAt());
        assertEquals("storeAndGetTokens broke", o.reason());
        assertEquals(TokenStep.STORE, o.failedStep().orElseThrow().stage());
        assertFalse(log.contains("run pushTokens after 2"), log.toString());
        assertTrue(log.contains("done pushTokens"), "every step hears the service is done: " + log);
    }

    @Test
    void aFailureThatDoesNotEndThePipelineIsKeptAndTheNextStepRuns() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(failing(PingStep.STAGE, false, log), ok(PushStep.STAGE, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded(), "like ping: reported, and the push is still tried");
        assertEquals(Optional.of("pingNodes broke"), o.steps().getFirst().failure());
        assertTrue(log.contains("run pushTokens after 1"), log.toString());
    }

    @Test
    void aStepWithoutARequestInThePlanIsSkipped() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(ok(TokenStep.STORE, log), new FakeStep(PingStep.STAGE, Optional.empty(), false, false, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded());
        assertEquals(1, o.steps().size());
        assertFalse(log.contains("run pingNodes after 1"), log.toString());
    }

    @Test
    void aPassedDeadlineKeepsTheNextStepFromStartingAndSaysWhichStep() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(List.of(ok(KerberosStep.STAGE, log)), Deadline.after(Duration.ZERO));
        assertEquals(Optional.of(KerberosStep.STAGE), o.failedAt());
        assertTrue(o.reason().startsWith("global timeout (300s) reached before getKerberosTickets"), o.reason());
        assertEquals(List.of("notRun getKerberosTickets", "done getKerberosTickets"), log);
    }

    @Test
    void aCancelledRunStartsNoStep() {
        List<String> log = new ArrayList<>();
        Thread.currentThread().interrupt();
        ServiceOutcome o;
        try {
            o = run(
                    List.of(ok(KerberosStep.STAGE, log), ok(TokenStep.STORE, log)),
                    Deadline.after(Duration.ofMinutes(1)));
        } finally {
            Thread.interrupted();
        }
        assertEquals(Optional.of(KerberosStep.STAGE), o.failedAt());
        assertTrue(o.reason().startsWith("cancelled"), o.reason());
        assertFalse(log.stream().anyMatch(l -> l.startsWith("run ")), log.toString());
    }

    private ServiceOutcome run(List<Step<?>> steps, Deadline deadline) {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            PlannedService service = plan(steps);
            return new ServicePipeline(
                            steps,
                            caches,
                            new StageTimes(),
                            deadline,
                            new GlobalTimeout(Duration.ofSeconds(300)),
                            Clock.systemUTC())
                    .run(service);
        }
    }

    /** The service planned by the steps themselves, as the planner asks them. */
    private static PlannedService plan(List<Step<?>> steps) {
        ResolvedService resolved = service();
        PlanningContext context = new PlanningContext(
                resolved, RunMode.NORMAL, Map.of(), Timeouts.DEFAULTS, RetryPolicies.NONE, Path.of("/tmp"), 1000);
        return new PlannedService(resolved, ServiceRequests.plan(steps, context));
    }

    private static ResolvedService service() {
        ServiceSettings s = new ServiceSettings(
                ServiceName.of("dune", "production"),
                true,
                "dunepro",
                OptionalLong.of(5001),
                new ServiceSettings.Kerberos(
                        Resolved.ok("dunepro@EXAMPLE.ORG"), "dunepro", "", "/keytabs/dunepro.keytab"),
                new ServiceSettings.Condor(
                        new VaultServerSource.FromConfig("vault.example"),
                        List.of("collector.example"),
                        Optional.empty(),
                        Optional.empty(),
                        "/var/lib/tokens",
                        TokenGetter.STORE_AND_GET_TOKEN),
                new ServiceSettings.Push(List.of("n1.example"), Resolved.failed("not needed"), List.of(), List.of()),
                new ServiceSettings.Ping(List.of()),
                new ServiceSettings.Notifications(false, List.of()),
                List.of());
        return new ResolvedService(
                s,
                5001,
                "dunepro@EXAMPLE.ORG",
                Path.of("/keytabs/dunepro.keytab"),
                "vault.example",
                "collector.example",
                List.of("credd1"),
                Optional.empty(),
                Optional.empty());
    }
}
