package dev.managedtokens.worker.check;

import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.Outputs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The principals a keytab holds, from {@code klist -k -t <keytab>}: reading the keytab needs no KDC, so this tells
 * "wrong principal" apart from "KDC down".
 */
public final class KeytabListing {

    /** The principals in the keytab (each once, in file order), or why they could not be listed. */
    public record Result(List<String> principals, String failure) {
        public Result {
            principals = List.copyOf(principals);
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final ProcessRunner runner;

    public KeytabListing(ProcessRunner runner) {
        this.runner = runner;
    }

    public Result list(Path keytab, Map<String, String> environment, Duration timeout) {
        // -t only adds the timestamp column; the principal stays the last word of each entry line.
        CommandResult r = runner.run(Command.of(List.of("klist", "-k", "-t", keytab.toString()), environment, timeout));
        if (!r.succeeded()) {
            return new Result(
                    List.of(),
                    "klist -k -t " + keytab + " failed (" + r.describe() + ")"
                            + Outputs.suffix(Outputs.firstLine(r.combinedOutput())));
        }
        return new Result(principals(r.stdout()), null);
    }

    /** The last word of every line after klist's {@code ----} separator line. */
    static List<String> principals(String klistOutput) {
        List<String> out = new ArrayList<>();
        boolean entries = false;
        for (String line : klistOutput.split("\n")) {
            String t = line.strip();
            if (t.startsWith("----")) {
                entries = true;
                continue;
            }
            if (!entries || t.isEmpty()) continue;
            String[] words = t.split("\\s+");
            // With -e klist adds the enctype in parentheses after the principal.
            int last = words.length - 1;
            if (last > 0 && words[last].startsWith("(")) last--;
            String principal = words[last];
            if (!out.contains(principal)) out.add(principal);
        }
        return out;
    }
}
