package dev.managedtokens.testbed;

import dev.managedtokens.testbed.node.SubmitNode;
import dev.managedtokens.testbed.support.TestbedException;
import dev.managedtokens.testbed.support.Tools;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Names and addresses of a bed's nodes: good and sshd-down nodes on a loopback /24 of their own, the unpingable node
 * on a /30 of 198.18.0.0/15 (benchmarking range, routed only into the bed's own namespace). Chosen while holding
 * the hosts lock, so no two beds on the machine share an address.
 */
record AddressPlan(List<Node> nodes) {

    static final String UNPINGABLE = "noping";
    static final String SSHD_DOWN = "nosshd";

    /**
     * One node. For the unpingable node {@code address} is the /30 network (the node gets .2 in it).
     */
    record Node(String name, String hostName, String address, SubmitNode.Kind kind) {}

    static HostsBlock.Planned<AddressPlan> choose(TestbedSpec spec, String domain, String hostsFile, Tools tools) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String loopback = null;
        for (int attempt = 0; attempt < 500 && loopback == null; attempt++) {
            String candidate = "127." + (64 + r.nextInt(190)) + "." + r.nextInt(256) + ".";
            if (!hostsFile.contains(candidate)) loopback = candidate;
        }
        if (loopback == null) {
            throw new TestbedException("/etc/hosts uses every loopback /24 the testbed tries; remove stale"
                    + " '# >>> managed-tokens testbed' blocks from it");
        }
        List<Node> nodes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= spec.goodNodes(); i++) {
            nodes.add(new Node("node" + i, "node" + i + "." + domain, loopback + (10 + i), SubmitNode.Kind.GOOD));
        }
        if (spec.sshdDownNode()) {
            nodes.add(new Node(SSHD_DOWN, SSHD_DOWN + "." + domain, loopback + "250", SubmitNode.Kind.SSHD_DOWN));
        }
        nodes.forEach(n -> lines.add(n.address() + " " + n.hostName()));
        if (spec.unpingableNode()) {
            String network = unusedBenchmarkingNetwork(hostsFile, tools);
            nodes.add(new Node(UNPINGABLE, UNPINGABLE + "." + domain, network, SubmitNode.Kind.UNPINGABLE));
            String base = network.substring(0, network.lastIndexOf('.') + 1);
            int last = Integer.parseInt(network.substring(network.lastIndexOf('.') + 1));
            lines.add(base + (last + 2) + " " + UNPINGABLE + "." + domain);
        }
        return new HostsBlock.Planned<>(lines, new AddressPlan(List.copyOf(nodes)));
    }

    /** A /30 in 198.18.0.0/16 whose /24 no route and no hosts line mentions yet. */
    private static String unusedBenchmarkingNetwork(String hostsFile, Tools tools) {
        String routes = tools.check("list routes", List.of("/usr/sbin/ip", "-4", "route", "show", "table", "all"));
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            String c = "198.18." + r.nextInt(256) + ".";
            if (!hostsFile.contains(c) && !routes.contains(c)) {
                return c + (4 * r.nextInt(64));
            }
        }
        throw new TestbedException("no free /24 in 198.18.0.0/16 for the unpingable node; remove stale testbed"
                + " routes (ip route show | grep 198.18.)");
    }
}
