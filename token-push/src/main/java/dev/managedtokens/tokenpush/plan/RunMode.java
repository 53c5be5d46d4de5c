package dev.managedtokens.tokenpush.plan;

import java.time.Duration;

/**
 * How far a run goes and whether the token tools talk to the operator.
 *
 * @param test        {@code -t}: tokens are obtained and stored, nothing is pinged or pushed
 * @param onboarding  {@code -r}: the storer or htgettoken is attached to the terminal for the device-code prompt
 * @param pushAfterOnboarding {@code -r -p}: onboarding continues to ping and push
 * @param verbose     {@code -v}: {@code condor_vault_storer -v}, {@code htgettoken --verbose}
 */
public record RunMode(boolean test, boolean onboarding, boolean pushAfterOnboarding, boolean verbose) {

    public static final RunMode NORMAL = new RunMode(false, false, false, false);

    /**
     * How long htgettoken's device-code flow waits for the person at the browser: it polls Vault for up to 120 s
     * (htgettoken 1.3 and later), after a Kerberos attempt of its own.
     */
    public static final Duration DEVICE_FLOW_POLL = Duration.ofSeconds(120);

    /**
     * The least time one storer or htgettoken call gets while onboarding: the device flow's polling, plus a minute
     * for what comes before it (the storer's quiet attempt, the Kerberos login) and after it (saving the refresh
     * token, the exchange, the store in the credd).
     */
    public static final Duration ONBOARDING_TOKEN_STEP_MINIMUM = DEVICE_FLOW_POLL.plusSeconds(60);

    /** The least time a whole onboarding run gets: one device flow and the other credds' stores besides. */
    public static final Duration ONBOARDING_RUN_MINIMUM = ONBOARDING_TOKEN_STEP_MINIMUM.plusSeconds(120);

    /**
     * The timeout of one storer or htgettoken call. The hourly {@code vaultStorerTimeout} (60 s by default) is
     * meant for unattended calls; onboarding waits for a person, so it gets at least
     * {@link #ONBOARDING_TOKEN_STEP_MINIMUM} instead of being killed while the operator is in the browser.
     */
    public Duration tokenStepTimeout(Duration vaultStorerTimeout) {
        return onboarding ? max(vaultStorerTimeout, ONBOARDING_TOKEN_STEP_MINIMUM) : vaultStorerTimeout;
    }

    /** The run's overall timeout: the configured global one, or for onboarding at least {@link #ONBOARDING_RUN_MINIMUM}. */
    public Duration runTimeout(Duration globalTimeout) {
        return onboarding ? max(globalTimeout, ONBOARDING_RUN_MINIMUM) : globalTimeout;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Whether the run stops after the token step (test mode wins over {@code -r -p}, as upstream). */
    public boolean stopsAfterTokens() {
        return test || (onboarding && !pushAfterOnboarding);
    }
}
