package dev.managedtokens.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Brings a bed up by hand. {@code up} prints the bed's environment as shell {@code export} lines and a summary,
 * then keeps the bed up until stdin closes or the process gets SIGTERM/SIGINT; {@code check} brings a bed up,
 * prints what is there and tears it down.
 */
@Command(
        name = "testbed",
        mixinStandardHelpOptions = true,
        description = "Bring a managed-tokens testbed (KDC, sshd nodes, Pushgateway) up on this machine.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the bed came up (and, for check, went down cleanly)", "1:the bed failed", "2:usage error"})
public final class TestbedMain implements Callable<Integer> {

    @Parameters(index = "0", description = "up (keep it up until stdin closes) or check (up, print, down)")
    private String action;

    @Option(names = "--nodes", description = "good nodes (default ${DEFAULT-VALUE})")
    private int nodes = 2;

    @Option(names = "--account", description = "a service account to create (repeatable; default: demo)")
    private List<String> accounts = List.of("demo");

    @Option(names = "--no-broken-nodes", description = "leave out the unpingable and the sshd-down node")
    private boolean noBrokenNodes;

    private final PrintWriter out;
    private final InputStream in;

    TestbedMain(PrintWriter out, InputStream in) {
        this.out = out;
        this.in = in;
    }

    public static void main(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        System.exit(run(out, new PrintWriter(System.err, true), System.in, args));
    }

    static int run(PrintWriter out, PrintWriter err, InputStream in, String... args) {
        CommandLine cl = new CommandLine(new TestbedMain(out, in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println("testbed: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (!action.equals("up") && !action.equals("check")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "unknown action '" + action + "': use up or check");
        }
        TestbedSpec spec = new TestbedSpec(nodes, !noBrokenNodes, !noBrokenNodes, accounts, Duration.ofSeconds(30));
        Testbed bed = Testbed.start(spec);
        try {
            for (Map.Entry<String, String> e : bed.environment().entrySet()) {
                out.println("export " + e.getKey() + "='" + e.getValue() + "'");
            }
            bed.summary().lines().forEach(l -> out.println("# " + l));
            out.flush();
            if (action.equals("up")) {
                out.println("# the bed stays up until stdin closes (Ctrl-D) or this process gets SIGTERM");
                out.flush();
                // SIGTERM ends the JVM; the testbed's shutdown hook then closes the bed.
                while (in.read() != -1) {
                    // Input is ignored; only its end matters.
                }
            }
        } finally {
            bed.close();
        }
        out.println("# testbed " + bed.id() + " up in " + bed.startDuration().toMillis() + " ms, down in "
                + bed.closeDuration().toMillis() + " ms");
        return 0;
    }
}
