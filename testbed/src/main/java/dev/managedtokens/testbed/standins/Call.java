package dev.managedtokens.testbed.standins;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One call of a stand-in, from the call log.
 *
 * @param tool the program's name, e.g. {@code condor_vault_storer}
 * @param env  the variables the stand-ins read that were set for this call (set-but-empty ones included, unset
 *             ones absent); {@code BEARER_TOKEN} is recorded as {@code <redacted>}
 */
public record Call(String tool, long pid, long parentPid, Instant at, List<String> argv, Map<String, String> env) {

    public Call {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /** The value of {@code name} in this call's environment, or null if it was unset. */
    public String envValue(String name) {
        return env.get(name);
    }
}
