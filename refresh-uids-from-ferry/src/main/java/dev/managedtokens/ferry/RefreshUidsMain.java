package dev.managedtokens.ferry;

/** Entry point of {@code refresh-uids-from-ferry}: the only place that calls {@link System#exit}. */
public final class RefreshUidsMain {

    private RefreshUidsMain() {}

    public static void main(String... args) {
        System.exit(RefreshUidsCommand.execute(RefreshUidsContext.system(), args));
    }
}
