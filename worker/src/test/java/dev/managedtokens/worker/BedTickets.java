package dev.managedtokens.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.testbed.ServiceAccount;
import dev.managedtokens.testbed.Testbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the integration tests need from a bed besides the steps under test: its environment and real tickets. */
public final class BedTickets {

    private static final ProcessRunner RUNNER = new ProcessRunner(4);

    private BedTickets() {}

    /** This process's environment with the bed's KRB5_CONFIG and PATH (stand-ins first). */
    public static Map<String, String> environment(Testbed bed) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(bed.environment());
        env.remove("KRB5CCNAME");
        return env;
    }

    /** Runs the real kinit from the account's keytab into {@code cache}; returns the KRB5CCNAME value. */
    public static String kinit(Testbed bed, ServiceAccount account, Path cache) {
        Map<String, String> env = environment(bed);
        env.put("KRB5CCNAME", "FILE:" + cache);
        CommandResult r = RUNNER.run(Command.of(
                List.of("kinit", "-k", "-t", account.keytab().toString(), account.principal()),
                env,
                Duration.ofSeconds(20)));
        assertTrue(r.succeeded(), "kinit " + account.principal() + ": " + r.describe() + "\n" + r.combinedOutput());
        return "FILE:" + cache;
    }

    /** The UID this JVM runs as (the storer names its files with it). */
    public static int currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
