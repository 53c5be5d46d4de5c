package dev.managedtokens.core.scratch;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of the temporary files and directories a run makes (credential caches, staged token copies, private
 * runtime and token directories, role files, the SQLite native library). Each name carries a tag of the process
 * that made it, its pid and start time, e.g. {@code managed_tokens_condor_vault_token.p4242s1764770000120.<random>},
 * so that a later run can tell what a killed predecessor left behind from what a live run is still using (see
 * {@link LeftoverSweep}). The start time tells a reused pid from the maker itself.
 */
public final class ScratchNames {

    /** The beginnings of every scratch name we make; {@code managed-tokens} is the Kerberos cache directory's. */
    private static final Pattern BASE = Pattern.compile("(?:managed-tokens|managed_tokens_)[^/]*");

    /**
     * A whole scratch name: base, tag, then the digits {@code createTempFile} and {@code createTempDirectory} (and
     * our own {@code createPrivateFile}) append. The greedy base makes the last tag count, whatever the base holds.
     */
    private static final Pattern NAME =
            Pattern.compile("(?:managed-tokens|managed_tokens_).*\\.p(\\d{1,10})(?:s(\\d{1,19}))?\\.\\d+");

    private static final String OWN_TAG = tag(ProcessHandle.current().pid(), startMillis(ProcessHandle.current()));

    private ScratchNames() {}

    /**
     * {@code base} followed by this process's tag, for use as the prefix of {@code createTempFile} or
     * {@code createTempDirectory}: e.g. {@code managed-tokens.p4242s1764770000120.}.
     *
     * @throws IllegalArgumentException when {@code base} does not start as our names do, so the sweep would never
     *                                  find it
     */
    public static String prefix(String base) {
        if (!BASE.matcher(base).matches()) {
            throw new IllegalArgumentException(
                    "a scratch name must start with managed-tokens or managed_tokens_" + " and hold no '/': " + base);
        }
        return base + OWN_TAG;
    }

    /**
     * The beginning of a file set aside from {@code /tmp/<name>} for the length of one call (the storer's condor
     * location): {@code managed_tokens_condor_vault_token-<name>}. Its name says where it came from, so that the
     * sweep can put it back there instead of deleting what may be the only copy of a token.
     */
    static final String SET_ASIDE = "managed_tokens_condor_vault_token-";

    /** The prefix of a file set aside from {@code original} (in {@code /tmp}), for {@code createTempFile}. */
    public static String setAsidePrefix(Path original) {
        return prefix(SET_ASIDE + original.getFileName());
    }

    /**
     * The name, in {@code /tmp}, of the file a set-aside scratch file was set aside from; empty for other names and
     * for a name that would leave {@code /tmp}.
     */
    static Optional<String> setAsideFrom(String fileName) {
        if (!fileName.startsWith(SET_ASIDE)) return Optional.empty();
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) return Optional.empty();
        String original = fileName.substring(SET_ASIDE.length(), m.start(1) - 2);
        if (original.isEmpty() || original.equals(".") || original.equals("..") || original.contains("/")) {
            return Optional.empty();
        }
        return Optional.of(original);
    }

    /** The maker of a scratch name of ours; empty for any other name (the Go service's, a kept backup, ...). */
    public static Optional<Maker> maker(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) return Optional.empty();
        try {
            long pid = Long.parseLong(m.group(1));
            OptionalLong start =
                    m.group(2) == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(m.group(2)));
            return Optional.of(new Maker(pid, start));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The tag of a process: {@code .p<pid>s<start, ms since the epoch>.}, or {@code .p<pid>.} without a start. */
    static String tag(long pid, OptionalLong startMillis) {
        return ".p" + pid + (startMillis.isPresent() ? "s" + startMillis.getAsLong() : "") + ".";
    }

    static OptionalLong startMillis(ProcessHandle process) {
        return process.info()
                .startInstant()
                .map(i -> OptionalLong.of(i.toEpochMilli()))
                .orElse(OptionalLong.empty());
    }

    /**
     * The process a scratch name says made it.
     *
     * @param startMillis its start time, when the name carries one
     */
    public record Maker(long pid, OptionalLong startMillis) {

        /**
         * Two readings of one process's start time may differ by rounding (the kernel counts in clock ticks); a
         * reused pid starts long after its previous owner ended.
         */
        static final long SAME_START_TOLERANCE_MILLIS = 1000;

        /**
         * Whether the maker may still be running: a live process has this pid and, when the name tells, started
         * when the maker did (this process included: a predecessor killed long ago may have had our pid). When the
         * start time cannot be compared the answer is yes, so nothing is taken from a process that might still use
         * it.
         */
        public boolean mayBeAlive() {
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            if (process.isEmpty() || !process.get().isAlive()) return false;
            if (startMillis.isEmpty()) return true;
            OptionalLong running = ScratchNames.startMillis(process.get());
            return running.isEmpty()
                    || Math.abs(running.getAsLong() - startMillis.getAsLong()) <= SAME_START_TOLERANCE_MILLIS;
        }
    }
}
