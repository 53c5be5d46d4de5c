package dev.managedtokens.testbed;

import dev.managedtokens.testbed.support.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The non-root account that runs the tool under test (token-push refuses root, CI runs as root). Created once per
 * machine and kept: it owns the bed's service keytabs, so it is not the bed's to remove.
 */
public record OperatorAccount(String name, int uid, int gid, Path home) {

    public static final String NAME = "mtoperator";

    /** Looks the operator up, creating it first if this machine has none yet. */
    public static OperatorAccount ensure(Tools tools) {
        UnixAccounts accounts = new UnixAccounts(tools);
        PasswdEntry e =
                accounts.lookup(NAME).orElseGet(() -> accounts.create(NAME, null, "managed-tokens testbed operator"));
        return new OperatorAccount(e.name(), e.uid(), e.gid(), e.home());
    }

    /** {@code argv} run as the operator: setpriv keeps the command's explicit environment as it is. */
    public List<String> runAs(List<String> argv) {
        List<String> all =
                new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
        all.addAll(argv);
        return all;
    }

    /** {@code base} with HOME, USER and LOGNAME of the operator, as a login would set them. */
    public Map<String, String> environment(Map<String, String> base) {
        Map<String, String> env = new HashMap<>(base);
        env.put("HOME", home.toString());
        env.put("USER", name);
        env.put("LOGNAME", name);
        return env;
    }
}
