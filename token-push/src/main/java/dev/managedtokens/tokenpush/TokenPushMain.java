package dev.managedtokens.tokenpush;

import dev.managedtokens.core.Version;

/** Entry point of {@code token-push}: the only place that calls {@link System#exit}. */
public final class TokenPushMain {

    private TokenPushMain() {}

    public static void main(String... args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println(Version.current().banner());
            return 0;
        }
        System.err.println("usage: token-push [--version]   (the command is not built yet)");
        return 2;
    }
}
