package dev.managedtokens.tokenpush;

/** Entry point of {@code token-push}: the only place that calls {@link System#exit}. */
public final class TokenPushMain {

    private TokenPushMain() {}

    public static void main(String... args) {
        System.exit(TokenPushCommand.execute(TokenPushContext.system(), args));
    }
}
