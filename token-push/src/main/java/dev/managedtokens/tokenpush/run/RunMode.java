package dev.managedtokens.tokenpush.run;

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

    /** Whether the run stops after the token step (test mode wins over {@code -r -p}, as upstream). */
    public boolean stopsAfterTokens() {
        return test || (onboarding && !pushAfterOnboarding);
    }
}
