package dev.managedtokens.core.process;

import java.util.HashMap;
import java.util.Map;

/** Ways to build the explicit environment a {@link Command} carries. */
public final class Environments {

    private Environments() {}

    /** A mutable copy of this process's environment, the base the Go service's children inherit. */
    public static Map<String, String> inherited() {
        return new HashMap<>(System.getenv());
    }

    /** {@code base} with {@code overrides} applied; a null override value removes the variable. */
    public static Map<String, String> with(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(base);
        overrides.forEach((k, v) -> {
            if (v == null) env.remove(k);
            else env.put(k, v);
        });
        return env;
    }
}
