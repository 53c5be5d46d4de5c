package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed with SIGKILL runs no shutdown hook: its daemons must still end (parent-death signal), and the next
 * bed started on the machine must remove the rest (accounts, namespace, /etc/hosts block, directory).
 */
class KilledJvmIT {

    @Test
    void theDaemonsOfAKilledJvmEndAndTheNextBedSweepsWhatItLeft() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process up = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        TestbedMain.class.getName(),
                        "up",
                        "--nodes",
                        "1",
                        "--account",
                        "alpha")
                .redirectErrorStream(true)
                .start();
        String dirLine;
        try {
            dirLine = awaitLine(up, "export MANAGED_TOKENS_TESTBED_DIR=", 60);
        } finally {
            if (!up.isAlive()) up.waitFor();
        }
        assertNotNull(dirLine, "the child JVM never printed its bed");
        Matcher m = Pattern.compile("/mtb-([a-z0-9]{5})'").matcher(dirLine);
        assertTrue(m.find(), dirLine);
        String id = m.group(1);
        Path dir = Path.of("/var/tmp/mtb-" + id);
        assertTrue(Files.isDirectory(dir));

        up.destroyForcibly();
        assertTrue(up.waitFor(30, TimeUnit.SECONDS));

        // The daemons get SIGTERM from the kernel when their parent dies; wait (bounded) for each to end.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long pid : StaleBeds.liveProcessesMentioning(dir + "/")) {
            ProcessHandle.of(pid)
                    .ifPresent(h -> h.onExit()
                            .completeOnTimeout(h, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                            .join());
        }
        assertEquals(List.of(), StaleBeds.liveProcessesMentioning(dir + "/"), "daemons outlived their JVM");
        assertTrue(
                Files.readString(Path.of("/etc/hosts")).contains("managed-tokens testbed " + id),
                "the killed JVM had no chance to remove its hosts block; nothing to sweep?");

        try (Testbed next = Testbed.start(TestbedSpec.of(0))) {
            assertFalse(Files.exists(dir), dir + " still exists");
            assertFalse(Files.readString(Path.of("/etc/hosts")).contains("managed-tokens testbed " + id));
            List<String> users = Files.readAllLines(Path.of("/etc/passwd")).stream()
                    .filter(l -> l.startsWith(Testbed.PREFIX + id))
                    .toList();
            assertEquals(List.of(), users);
            assertFalse(next.id().equals(id));
        }
    }

    /** The first line of the process's output starting with {@code prefix}, or null if none within the time. */
    private static String awaitLine(Process p, String prefix, int seconds) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (Exception e) {
                // The process was killed; the stream ends.
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) return line;
            if (line == null && !p.isAlive()) return null;
        }
        return null;
    }
}
