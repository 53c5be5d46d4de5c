package dev.managedtokens.testbed.node;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace joined to ours by a veth pair on a /30 of the benchmarking range 198.18.0.0/15, for a node
 * that must behave differently from loopback (ignore ping). Nothing in it has a default route, and an
 * {@code unreachable} route for the /30 sits under the link route from before the link exists until after it is
 * gone, so no packet for these addresses can ever take the machine's default route out.
 */
public final class NetworkNamespace {

    private static final String IP = "/usr/sbin/ip";
    // Higher than any link route's metric: it only decides when the veth route is absent.
    private static final String GUARD_METRIC = "4000000000";

    private final String name;
    private final String hostLink;
    private final String nodeLink;
    private final String subnet;
    private final String hostAddress;
    private final String nodeAddress;
    private final Tools tools;

    private NetworkNamespace(String name, String subnet, String hostAddress, String nodeAddress, Tools tools) {
        this.name = name;
        this.hostLink = name + "h";
        this.nodeLink = name + "n";
        this.subnet = subnet;
        this.hostAddress = hostAddress;
        this.nodeAddress = nodeAddress;
        this.tools = tools;
    }

    /**
     * Creates namespace {@code name} (at most 14 characters: the links are named after it) on the /30 starting at
     * {@code networkAddress} (e.g. {@code 198.18.7.4}): our end gets .1, the node's end .2.
     */
    public static NetworkNamespace create(String name, String networkAddress, boolean ignorePing, Tools tools) {
        if (name.length() > 14) {
            throw new IllegalArgumentException("namespace name '" + name + "' is longer than 14 characters");
        }
        String[] octets = networkAddress.split("\\.");
        int last = Integer.parseInt(octets[3]);
        if (!networkAddress.startsWith("198.18.") && !networkAddress.startsWith("198.19.") || last % 4 != 0) {
            throw new IllegalArgumentException(networkAddress + " is not a /30 network in 198.18.0.0/15");
        }
        String prefix = octets[0] + "." + octets[1] + "." + octets[2] + ".";
        NetworkNamespace ns =
                new NetworkNamespace(name, networkAddress + "/30", prefix + (last + 1), prefix + (last + 2), tools);
        try {
            ns.plumb(ignorePing);
        } catch (RuntimeException e) {
            List<String> leftovers = ns.delete();
            if (!leftovers.isEmpty()) {
                e.addSuppressed(new TestbedException("cleaning up namespace " + name + ": " + leftovers));
            }
            throw e;
        }
        return ns;
    }

    private void plumb(boolean ignorePing) {
        ip(
                "guard " + subnet + " against the default route",
                "route",
                "add",
                "unreachable",
                subnet,
                "metric",
                GUARD_METRIC);
        ip("add namespace " + name, "netns", "add", name);
        ip(
                "add veth pair " + hostLink + "/" + nodeLink,
                "link",
                "add",
                hostLink,
                "type",
                "veth",
                "peer",
                "name",
                nodeLink,
                "netns",
                name);
        ip("address our end", "addr", "add", hostAddress + "/30", "dev", hostLink);
        ip("bring our end up", "link", "set", hostLink, "up");
        ip("address the node's end", "-n", name, "addr", "add", nodeAddress + "/30", "dev", nodeLink);
        ip("bring the node's end up", "-n", name, "link", "set", nodeLink, "up");
        ip("bring loopback up in " + name, "-n", name, "link", "set", "lo", "up");
        if (ignorePing) {
            tools.check(
                    "make " + name + " ignore ping",
                    List.of(
                            IP,
                            "netns",
                            "exec",
                            name,
                            "/usr/sbin/sysctl",
                            "-q",
                            "-w",
                            "net.ipv4.icmp_echo_ignore_all=1"));
        }
    }

    private void ip(String what, String... args) {
        List<String> argv = new ArrayList<>(List.of(IP));
        argv.addAll(List.of(args));
        tools.check(what, argv);
    }

    /** Prefix that runs a program inside the namespace, as the same process (ip execs it). */
    public List<String> execPrefix() {
        return List.of(IP, "netns", "exec", name);
    }

    public String name() {
        return name;
    }

    /** The node's address, reachable from our namespace only through the veth pair. */
    public String nodeAddress() {
        return nodeAddress;
    }

    public String subnet() {
        return subnet;
    }

    /**
     * Removes the namespace, the veth pair and the guard route, in that order; call only when no process is left
     * inside. Each step runs even if an earlier one failed; returns what could not be removed.
     */
    public List<String> delete() {
        return remove(name, subnet, tools);
    }

    /**
     * Removes namespace {@code name}, its veth pair and the guard route for {@code subnet} (null: none), whichever
     * of them exist; also for namespaces of a bed whose JVM died. Returns what could not be removed.
     */
    public static List<String> remove(String name, String subnet, Tools tools) {
        List<String> problems = new ArrayList<>();
        quietly(tools, problems, List.of(IP, "netns", "delete", name), "No such file");
        // Deleting the namespace destroys the veth pair asynchronously: the host end may vanish between our check and
        // our delete, and iproute2 then says "No such device" rather than "Cannot find device".
        quietly(tools, problems, List.of(IP, "link", "delete", name + "h"), "Cannot find device", "No such device");
        if (subnet != null) {
            quietly(
                    tools,
                    problems,
                    List.of(IP, "route", "delete", "unreachable", subnet, "metric", GUARD_METRIC),
                    "No such process");
        }
        return problems;
    }

    /** Runs a removal; an error saying the thing is already gone is fine. */
    private static void quietly(Tools tools, List<String> problems, List<String> argv, String... alreadyGone) {
        CommandResult r = tools.run(argv);
        if (r.succeeded()) return;
        for (String gone : alreadyGone) {
            if (r.combinedOutput().contains(gone)) return;
        }
        problems.add(String.join(" ", argv) + ": " + r.describe() + ": "
                + r.combinedOutput().strip());
    }
}
