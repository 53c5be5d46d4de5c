package dev.managedtokens.testbed;

import dev.managedtokens.testbed.node.NetworkNamespace;
import dev.managedtokens.testbed.support.BedFiles;
import dev.managedtokens.testbed.support.SystemFilesLock;
import dev.managedtokens.testbed.support.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what beds of JVMs that died without running their shutdown hook (SIGKILL, a forked test JVM killed on
 * timeout) left on the machine: their accounts, namespace, guard route, directory and /etc/hosts block. Their
 * daemons ended with the JVM (parent-death signal); a bed that still has a live process is left alone.
 */
final class StaleBeds {

    private static final Logger log = LoggerFactory.getLogger(StaleBeds.class);
    private static final Pattern HEADER =
            Pattern.compile("^# >>> managed-tokens testbed ([a-z0-9]+) pid (\\d+) dir (/\\S+)$", Pattern.MULTILINE);

    private final Tools tools;

    StaleBeds(Tools tools) {
        this.tools = tools;
    }

    /** Sweeps every bed whose owning process is gone; returns the ids swept. */
    List<String> sweep() {
        return SystemFilesLock.holding(() -> {
            List<String> swept = new ArrayList<>();
            String hosts;
            try {
                hosts = Files.readString(HostsBlock.HOSTS, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return swept;
            }
            Matcher m = HEADER.matcher(hosts);
            while (m.find()) {
                String id = m.group(1);
                long pid = Long.parseLong(m.group(2));
                Path dir = Path.of(m.group(3));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                List<Long> live = liveProcessesMentioning(dir + "/");
                if (!live.isEmpty()) {
                    log.warn("testbed {} of dead process {} still has processes {}; not removing it", id, pid, live);
                    continue;
                }
                sweepOne(id, dir, hosts);
                swept.add(id);
            }
            return swept;
        });
    }

    private void sweepOne(String id, Path dir, String hosts) {
        log.info("removing what testbed {} (dead JVM) left: accounts, namespace, {}, /etc/hosts block", id, dir);
        UnixAccounts unix = new UnixAccounts(tools);
        String passwd = tools.run(List.of("/usr/bin/getent", "passwd")).stdout();
        passwd.lines()
                .filter(l -> l.startsWith(Testbed.PREFIX + id) && l.contains(":managed-tokens testbed " + id + ":"))
                .map(l -> l.substring(0, l.indexOf(':')))
                .forEach(unix::delete);
        NetworkNamespace.remove(Testbed.PREFIX + id, nopingSubnet(id, hosts), tools)
                .forEach(problem -> log.warn("testbed {}: {}", id, problem));
        if (dir.getFileName().toString().equals(Testbed.PREFIX + "-" + id)) {
            BedFiles.deleteRecursively(dir);
        }
        new HostsBlock(id).remove();
    }

    /** The /30 of the bed's unpingable node, from its hosts line (the node has .2 of it), or null. */
    static String nopingSubnet(String id, String hosts) {
        Matcher m = Pattern.compile(
                        "^(198\\.1[89]\\.\\d+)\\.(\\d+) " + AddressPlan.UNPINGABLE + "\\." + Pattern.quote(id) + "\\.",
                        Pattern.MULTILINE)
                .matcher(hosts);
        return m.find() ? m.group(1) + "." + (Integer.parseInt(m.group(2)) - 2) + "/30" : null;
    }

    /** Pids of running processes whose command line or environment mentions {@code text} (zombies have none). */
    static List<Long> liveProcessesMentioning(String text) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    String environ = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
                    if (cmdline.contains(text) || environ.contains(text)) {
                        found.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // Ended while we looked.
                }
            });
        } catch (IOException e) {
            log.warn("cannot list /proc: {}", e.getMessage());
        }
        return found;
    }
}
