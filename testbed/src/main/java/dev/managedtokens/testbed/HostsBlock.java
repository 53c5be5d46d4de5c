package dev.managedtokens.testbed;

import dev.managedtokens.testbed.support.SystemFilesLock;
import dev.managedtokens.testbed.support.TestbedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The bed's marked block of names in /etc/hosts, so the tool, ssh and ping resolve node names exactly as on a real
 * admin host. Several beds may hold blocks at once; each removes only its own. The file is rewritten in place (it
 * may be a bind mount, which a rename would fail to replace).
 */
final class HostsBlock {

    static final Path HOSTS = Path.of("/etc/hosts");

    private final String bedId;

    HostsBlock(String bedId) {
        this.bedId = bedId;
    }

    static String beginMarker(String bedId) {
        return "# >>> managed-tokens testbed " + bedId;
    }

    static String endMarker(String bedId) {
        return "# <<< managed-tokens testbed " + bedId;
    }

    /**
     * Under the machine-wide lock: lets {@code planner} choose entries seeing the current file (so two beds never
     * pick the same addresses), copies the file to {@code backup}, and appends the block.
     */
    <T> T add(String header, Path backup, Function<String, Planned<T>> planner) {
        return SystemFilesLock.holding(() -> {
            String current = read();
            if (current.contains(beginMarker(bedId) + " ")) {
                throw new TestbedException(HOSTS + " already holds a block for testbed " + bedId);
            }
            Planned<T> planned = planner.apply(current);
            try {
                Files.copy(HOSTS, backup, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot back up " + HOSTS + " to " + backup + ": " + e.getMessage(), e);
            }
            StringBuilder block = new StringBuilder(current);
            if (!current.isEmpty() && !current.endsWith("\n")) block.append('\n');
            block.append(beginMarker(bedId)).append(' ').append(header).append('\n');
            planned.lines().forEach(l -> block.append(l).append('\n'));
            block.append(endMarker(bedId)).append('\n');
            write(block.toString());
            return planned.value();
        });
    }

    /** Removes this bed's block, if present; the rest of the file is left exactly as it is. */
    void remove() {
        SystemFilesLock.holding(() -> {
            String current = read();
            String without = without(current, bedId);
            if (!without.equals(current)) {
                write(without);
            }
        });
    }

    boolean present() {
        return read().contains(beginMarker(bedId) + " ");
    }

    /** {@code content} without the block of {@code bedId} (markers included). */
    static String without(String content, String bedId) {
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : content.split("\n", -1)) {
            if (line.startsWith(beginMarker(bedId) + " ") || line.equals(beginMarker(bedId))) {
                inside = true;
            } else if (inside && line.equals(endMarker(bedId))) {
                inside = false;
            } else if (!inside) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }

    private static String read() {
        try {
            return Files.readString(HOSTS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HOSTS + ": " + e.getMessage(), e);
        }
    }

    private static void write(String content) {
        try {
            Files.writeString(
                    HOSTS,
                    content,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write " + HOSTS + ": " + e.getMessage() + "; the testbed needs root to name its nodes", e);
        }
    }

    /** Lines to add, and what the planner decided (the addresses). */
    record Planned<T>(List<String> lines, T value) {}
}
