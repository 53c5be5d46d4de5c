package dev.managedtokens.ferry;

import dev.managedtokens.core.Version;

/** Entry point of {@code refresh-uids-from-ferry}: the only place that calls {@link System#exit}. */
public final class RefreshUidsMain {

    private RefreshUidsMain() {}

    public static void main(String... args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println(Version.current().banner());
            return 0;
        }
        System.err.println("usage: refresh-uids-from-ferry [--version]   (the command is not built yet)");
        return 2;
    }
}
