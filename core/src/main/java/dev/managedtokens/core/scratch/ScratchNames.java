package dev.managedtokens.core.scratch;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the temporary files and directories a run makes (credential caches, staged tokens, private runtime and
 * token directories, role files, the SQLite native library): each carries the pid of the process that made it, so
 * that a later run can tell what a killed predecessor left behind from what a live run is using.
 * See {@code docs/process-runner-api.md} ("Ends").
 */
public final class ScratchNames {

    private static final Pattern TAG = Pattern.compile("\\.p(\\d+)\\.");
    private static final long PID = ProcessHandle.current().pid();

    private ScratchNames() {}

    /** {@code base} followed by this process's tag, e.g. {@code managed-tokens.p4242.}, as a temp-file prefix. */
    public static String prefixed(String base) {
        return base + ".p" + PID + ".";
    }

    /** The pid a scratch name was made by, if it carries one. */
    public static OptionalLong maker(String fileName) {
        Matcher m = TAG.matcher(fileName);
        if (!m.find()) return OptionalLong.empty();
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
