package dev.managedtokens.testbed;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a bed holds.
 *
 * @param goodNodes      submit nodes that answer ping and run sshd ({@code node1}, {@code node2}, ...)
 * @param unpingableNode add {@code noping}: ignores ping, sshd works (own network namespace)
 * @param sshdDownNode   add {@code nosshd}: answers ping, nothing on port 22
 * @param accounts       service accounts: each gets a UNIX account on every node, a principal
 *                       {@code <account>/managedtokens/<admin host>@REALM} in that account's {@code ~/.k5login}, and a
 *                       keytab {@code keytabs/<account>.keytab} owned by the operator
 * @param startTimeout   how long each daemon may take to become ready
 */
public record TestbedSpec(
        int goodNodes, boolean unpingableNode, boolean sshdDownNode, List<String> accounts, Duration startTimeout) {

    private static final Pattern ACCOUNT = Pattern.compile("[a-z][a-z0-9]{0,15}");

    public TestbedSpec {
        if (goodNodes < 0 || goodNodes > 50) {
            throw new IllegalArgumentException("goodNodes must be between 0 and 50, got " + goodNodes);
        }
        accounts = List.copyOf(accounts);
        for (String a : accounts) {
            if (!ACCOUNT.matcher(a).matches()) {
                throw new IllegalArgumentException("account name '" + a + "' must be 1-16 lowercase letters and"
                        + " digits, starting with a letter (the bed prefixes it to make the UNIX name)");
            }
        }
        if (new HashSet<>(accounts).size() != accounts.size()) {
            throw new IllegalArgumentException("account names repeat: " + accounts);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + startTimeout);
        }
    }

    /** {@code goodNodes} good nodes and these accounts; no broken nodes; 30 s per daemon to get ready. */
    public static TestbedSpec of(int goodNodes, String... accounts) {
        return new TestbedSpec(goodNodes, false, false, List.of(accounts), Duration.ofSeconds(30));
    }

    public TestbedSpec withUnpingableNode() {
        return new TestbedSpec(goodNodes, true, sshdDownNode, accounts, startTimeout);
    }

    public TestbedSpec withSshdDownNode() {
        return new TestbedSpec(goodNodes, unpingableNode, true, accounts, startTimeout);
    }

    public TestbedSpec withStartTimeout(Duration timeout) {
        return new TestbedSpec(goodNodes, unpingableNode, sshdDownNode, accounts, timeout);
    }
}
