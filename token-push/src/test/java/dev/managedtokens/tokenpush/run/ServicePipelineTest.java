package dev.managedtokens.tokenpush.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.config.Resolved;
import dev.managedtokens.core.config.ServiceName;
import dev.managedtokens.core.config.ServiceSettings;
import dev.managedtokens.core.config.TokenGetter;
import dev.managedtokens.core.config.VaultServerSource;
import dev.managedtokens.kerberos.CredentialCaches;
import dev.managedtokens.tokenpush.plan.PlannedService;
import dev.managedtokens.tokenpush.plan.Stage;
import dev.managedtokens.worker.Deadline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** A step that records that it ran and returns what it was told to. */
    static final class FakeStep implements Step {
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
        public Stage stage(PlannedService service) {
            return stage;
        }

        @Override
        public boolean planned(PlannedService service) {
            return planned;
        }

        @Override
        public StepResult run(ServiceRun run) {
            log.add("run " + stage + " after " + run.earlier().size());
            assertTrue(Files.exists(run.cache()), "the service's credential cache exists before the first step");
            return new FakeResult(stage, failure);
        }

        @Override
        public StepResult notRun(PlannedService service, String reason) {
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
                List.of(ok(Stage.KERBEROS, log), ok(Stage.TOKEN, log), ok(Stage.PUSH, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded(), o.toString());
        assertEquals(
                List.of(
                        "run KERBEROS after 0",
                        "run TOKEN after 1",
                        "run PUSH after 2",
                        "done KERBEROS",
                        "done TOKEN",
                        "done PUSH"),
                log);
        assertEquals(
                List.of(Stage.KERBEROS, Stage.TOKEN, Stage.PUSH),
                o.steps().stream().map(StepResult::stage).toList());
    }

    @Test
    void aFailureThatEndsThePipelineStopsItThere() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(ok(Stage.KERBEROS, log), failing(Stage.TOKEN, true, log), ok(Stage.PUSH, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertFalse(o.succeeded());
        assertEquals(Optional.of(Stage.TOKEN), o.failedAt());
        assertEquals("TOKEN broke", o.reason());
        assertEquals(Stage.TOKEN, o.failedStep().orElseThrow().stage());
        assertFalse(log.contains("run PUSH after 2"), log.toString());
        assertTrue(log.contains("done PUSH"), "every step hears the service is done: " + log);
    }

    @Test
    void aFailureThatDoesNotEndThePipelineIsKeptAndTheNextStepRuns() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(failing(Stage.PING, false, log), ok(Stage.PUSH, log)), Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded(), "like ping: reported, and the push is still tried");
        assertEquals(Optional.of("PING broke"), o.steps().getFirst().failure());
        assertTrue(log.contains("run PUSH after 1"), log.toString());
    }

    @Test
    void aStepWithoutARequestInThePlanIsSkipped() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(
                List.of(ok(Stage.TOKEN, log), new FakeStep(Stage.PING, Optional.empty(), false, false, log)),
                Deadline.after(Duration.ofMinutes(1)));
        assertTrue(o.succeeded());
        assertEquals(1, o.steps().size());
        assertFalse(log.contains("run PING after 1"), log.toString());
    }

    @Test
    void aPassedDeadlineKeepsTheNextStepFromStartingAndSaysWhichStep() {
        List<String> log = new ArrayList<>();
        ServiceOutcome o = run(List.of(ok(Stage.KERBEROS, log)), Deadline.after(Duration.ZERO));
        assertEquals(Optional.of(Stage.KERBEROS), o.failedAt());
        assertTrue(o.reason().startsWith("global timeout (300s) reached before getKerberosTickets"), o.reason());
        assertEquals(List.of("notRun KERBEROS", "done KERBEROS"), log);
    }

    @Test
    void aCancelledRunStartsNoStep() {
        List<String> log = new ArrayList<>();
        Thread.currentThread().interrupt();
        ServiceOutcome o;
        try {
            o = run(List.of(ok(Stage.KERBEROS, log), ok(Stage.TOKEN, log)), Deadline.after(Duration.ofMinutes(1)));
        } finally {
            Thread.interrupted();
        }
        assertEquals(Optional.of(Stage.KERBEROS), o.failedAt());
        assertTrue(o.reason().startsWith("cancelled"), o.reason());
        assertFalse(log.stream().anyMatch(l -> l.startsWith("run ")), log.toString());
    }

    private ServiceOutcome run(List<Step> steps, Deadline deadline) {
        try (CredentialCaches caches = CredentialCaches.create(tmp)) {
            return new ServicePipeline(
                            steps,
                            caches,
                            new StageTimes(),
                            deadline,
                            new GlobalTimeout(Duration.ofSeconds(300)),
                            Clock.systemUTC())
                    .run(service());
        }
    }

    private static PlannedService service() {
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
        return new PlannedService(
                s,
                5001,
                "dunepro@EXAMPLE.ORG",
                Path.of("/keytabs/dunepro.keytab"),
                "vault.example",
                "collector.example",
                List.of("credd1"),
                Optional.empty(),
                Optional.empty(),
                null);
    }
}
