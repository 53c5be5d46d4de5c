package dev.managedtokens.tokenpush.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedtokens.core.config.Timeouts;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.TestbedSpec;
import dev.managedtokens.testbed.adminhost.AdminHost;
import dev.managedtokens.testbed.standins.Call;
import dev.managedtokens.testbed.standins.FailureMode;
import dev.managedtokens.testbed.standins.FailureTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hung storers with the timeouts as shipped (no timeout in the configuration, storerConcurrency 1): each is killed
 * at the 60 s vault-storer deadline with its children, the other services finish, and the run ends with its summary
 * and exit 3 before the 300 s global deadline. With output drains on virtual threads a hung storer was never
 * killed on a two-core host: the run outlived every deadline and held the lock for good.
 */
class ShippedDefaultsIT {

    static final List<String> BYSTANDERS = List.of("sdalpha_prod", "sdbeta_prod");
    static final Duration STORER_DEFAULT = Timeouts.DEFAULTS.vaultStorer();
    static final Duration GLOBAL_DEFAULT = Timeouts.DEFAULTS.global();

    static TokenPushHarness h;

    @BeforeAll
    static void startBed() {
        h = TokenPushHarness.start(TestbedSpec.of(1, "alpha", "beta", "hang1", "hang2", "hang3", "fifo"));
        h.host.definePool("credd1.pool");
        h.host.onboard("sdalpha", "prod", "alpha");
        h.host.onboard("sdbeta", "prod", "beta");
        for (int i = 1; i <= 3; i++) h.host.onboard("sdhang" + i, "prod", "hang" + i);
        h.host.onboard("sdfifo", "prod", "fifo");
        h.seedUids("alpha", "beta", "hang1", "hang2", "hang3", "fifo");
        h.host.handStateToOperator();
    }

    @AfterAll
    static void stopBed() {
        if (h != null) h.close();
    }

    @AfterEach
    void clearFaults() {
        h.standIns.clearFailureModes();
    }

    @Test
    void oneHungStorerIsKilledAtTheShippedDeadlineAndTheOthersFinish() {
        runWithHungStorers(1);
    }

    @Test
    void asManyHungStorersAsCoresAreEachKilledAtTheShippedDeadline() {
        int cores = Math.min(3, Runtime.getRuntime().availableProcessors());
        runWithHungStorers(cores);
    }

    @Test
    void aFifoPlantedByAnotherAccountAtTheStorersFileFailsOnlyThatService() throws Exception {
        String victim = "sdfifo_prod";
        Path fifo = Path.of("/tmp", "vt_u" + h.bed.operator().uid() + "-" + victim);
        Files.deleteIfExists(fifo);
        // Planted by root here: another account's file in sticky /tmp, which the operator can neither move nor remove.
        CommandResult mk = new ProcessRunner(1)
                .run(Command.of(
                        List.of("mkfifo", "-m", "0666", fifo.toString()),
                        Map.of("PATH", "/usr/bin:/bin"),
                        Duration.ofSeconds(10)));
        assertTrue(mk.succeeded(), mk.describe() + mk.stderr());
        try {
            h.writeConfigWithSettings(experiments(List.of(victim)), "disableNotifications: true\n");
            long t0 = System.nanoTime();
            AdminHost.LauncherRun r = h.tokenPush();
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            assertEquals(3, r.exit(), "one service failed: exit 3\n" + r);
            assertTrue(r.stdout().contains("3 services, 2 succeeded, 1 failed"), r.toString());
            BYSTANDERS.forEach(s -> okLine(r, s));
            assertTrue(failedLine(r, victim).startsWith("storeAndGetTokens: "), r.toString());
            assertTrue(wall.compareTo(GLOBAL_DEFAULT) < 0, "the run took " + wall.toSeconds() + " s");
            assertTrue(Files.exists(fifo), "the other account's file was removed");
        } finally {
            Files.deleteIfExists(fifo);
        }
    }

    private void runWithHungStorers(int hung) {
        List<String> victims = IntStream.rangeClosed(1, hung)
                .mapToObj(i -> "sdhang" + i + "_prod")
                .toList();
        victims.forEach(v -> h.standIns.setFailureMode(FailureTarget.service(v), FailureMode.HANG));
        List<Long> hungBefore = h.standIns.hungProcessIds();
        // The shipped defaults: no timeout, no storerConcurrency in the file.
        h.writeConfigWithSettings(experiments(victims), "disableNotifications: true\n");
        long t0 = System.nanoTime();
        AdminHost.LauncherRun r = h.tokenPush();
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);

        int total = BYSTANDERS.size() + hung;
        assertEquals(3, r.exit(), "hung storers fail their services: exit 3\n" + r);
        assertTrue(
                r.stdout().contains(total + " services, " + BYSTANDERS.size() + " succeeded, " + hung + " failed"),
                "no summary:\n" + r);
        BYSTANDERS.forEach(s -> okLine(r, s));
        for (String v : victims) {
            String line = failedLine(r, v);
            assertTrue(
                    line.startsWith("storeAndGetTokens: ")
                            && line.contains("credd1.pool")
                            && line.contains("timeout error (killed with its children"),
                    v + " was not stopped at the storer deadline: " + line + "\n" + r);
        }
        // One storer at a time (storerConcurrency 1): each hung one costs its full deadline, no more.
        assertTrue(wall.compareTo(STORER_DEFAULT.multipliedBy(hung)) >= 0, "faster than the deadlines: " + wall);
        assertTrue(
                wall.compareTo(GLOBAL_DEFAULT) < 0, "the run outlived the global deadline: " + wall.toSeconds() + " s");
        assertHungProcessesGone(hungBefore, victims);
    }

    static String experiments(List<String> victims) {
        String node = h.bed.node("node1").hostName();
        StringBuilder yaml = new StringBuilder();
        for (String s : BYSTANDERS) yaml.append(service(s, accountOf(s), node));
        for (String v : victims) yaml.append(service(v, accountOf(v), node));
        return yaml.toString();
    }

    private static String service(String service, String account, String node) {
        String experiment = service.substring(0, service.indexOf('_'));
        String role = service.substring(service.indexOf('_') + 1);
        return """
                %s:
                  roles:
                    %s:
                      account: %s
                      destinationNodes: [%s]
                """.formatted(experiment, role, h.host.user(account), node);
    }

    private static String accountOf(String service) {
        return service.substring(2, service.indexOf('_'));
    }

    private static String failedLine(AdminHost.LauncherRun r, String service) {
        Optional<String> line = r.stdout()
                .lines()
                .filter(l -> l.startsWith("  FAILED  " + service + " "))
                .findFirst();
        if (line.isEmpty()) fail(service + " is not reported as failed:\n" + r);
        return line.get().substring(("  FAILED  " + service).length()).strip();
    }

    private static void okLine(AdminHost.LauncherRun r, String service) {
        if (r.stdout().lines().noneMatch(l -> l.startsWith("  OK      " + service + " "))) {
            fail(service + " is not reported as OK:\n" + r);
        }
    }

    private static void assertHungProcessesGone(List<Long> before, List<String> victims) {
        List<Long> pids = new ArrayList<>(h.standIns.hungProcessIds());
        pids.removeAll(before);
        assertFalse(pids.isEmpty(), "the hang mode started nothing");
        h.standIns.callLog("condor_vault_storer").stream()
                .filter(c -> victims.stream().anyMatch(v -> c.argv().contains(v)))
                .map(Call::pid)
                .forEach(pids::add);
        List<String> survivors = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle p = ProcessHandle.of(pid).orElse(null);
            if (p == null) continue;
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                survivors.add(pid + " (" + p.info().commandLine().orElse("?") + ")");
                p.destroyForcibly();
            } catch (Exception e) {
                fail("cannot wait for pid " + pid + ": " + e);
            }
        }
        assertTrue(
                survivors.isEmpty(),
                "outlived the run that started them: " + survivors.stream().collect(Collectors.joining(", ")));
    }
}
