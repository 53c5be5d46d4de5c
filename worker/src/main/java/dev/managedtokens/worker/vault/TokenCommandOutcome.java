package dev.managedtokens.worker.vault;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.util.regex.Pattern;

/**
 * Reads a failed {@code condor_vault_storer} or {@code htgettoken} run into a typed failure, from what the real
 * programs print (see docs/external-tools.md for the sources each rule follows).
 */
final class TokenCommandOutcome {

    static final String AUTH_NEEDED_TEXT = "authentication needed for service to generate vault token";
    static final String PERMISSION_DENIED_TEXT = "Vault refused the login (permission denied)";

    // The storer prints this to stderr before it retries htgettoken with its output shown.
    private static final Pattern AUTH_NEEDED = Pattern.compile("Authentication needed for.*");
    // Vault's 403 as htgettoken prints it. 1.x (urllib): "HTTPError: HTTP Error 403: Forbidden: permission denied";
    // 2.x (urllib3): "HTTPError: Forbidden: permission denied", without the status code. The Go service matched
    // only "403", so it missed every refusal reported by htgettoken 2.
    private static final Pattern FORBIDDEN =
            Pattern.compile("htgettoken:.*(?:\\b403\\b|HTTPError: Forbidden).*permission denied");
    // htgettoken's last resort without a terminal: no usable vault token, the Kerberos login gave no bearer token,
    // and OIDC is off. Called directly (tokenGetter getToken), that is the "needs a person" case.
    private static final Pattern NO_TOKEN_WITHOUT_A_PERSON = Pattern.compile("htgettoken: Failure getting token from");
    private static final Pattern MISMATCH = Pattern.compile("Credentials exist that do not match");
    // condor_store_cred exits 1 for a credd it cannot locate, reach or authenticate to, exactly as for "nothing
    // stored"; the storer then gets and exchanges a new vault token and fails only when add-oauth fails. This line
    // is therefore the one reliable sign of a credd that did not take the credential, and it does not say why.
    private static final Pattern STORE_FAILED =
            Pattern.compile("condor_vault_storer: Failed to store condor credentials for");
    // The storer reaches this only when condor_store_cred exits with neither 0, 1 nor 2: missing, or killed.
    private static final Pattern QUERY_FAILED = Pattern.compile("Querying condor credentials failed");
    // What condor_store_cred itself may say on stderr about the connection (only with its debug output on): shown
    // as detail, never used to decide.
    private static final Pattern CREDD_DETAIL = Pattern.compile(
            "(?i)(?:CEDAR|AUTHENTICATE|SECMAN|STORE_CRED|can't find address|failed to connect|connection refused"
                    + "|no route to host|unable to contact|Could not locate)");

    private TokenCommandOutcome() {}

    /**
     * The failure of a run that did not succeed.
     *
     * @param what       e.g. {@code condor_vault_storer dune_production for credd c1}, for the message
     * @param service    for the advice to re-onboard
     * @param credd      the credd the storer talked to, or null for htgettoken
     * @param interactive output went to the terminal, so there is nothing to read
     */
    static Failure failureOf(CommandResult r, String what, String service, String credd, boolean interactive) {
        switch (r.termination()) {
            case TIMED_OUT:
                return new Failure(
                        FailureKind.TIMEOUT,
                        what + ": timeout error (killed with its children after "
                                + r.command().timeout().toSeconds()
                                + "s); check the vault server and credd, or raise the "
                                + "vault-storer timeout");
            case INTERRUPTED:
                return new Failure(FailureKind.CANCELLED, what + ": cancelled");
            case FAILED_TO_START:
                return new Failure(
                        FailureKind.COMMAND_FAILED,
                        what + ": could not start (" + r.stderr().strip() + "); check that "
                                + r.command().programName() + " is installed and on PATH");
            case EXITED:
            default:
                break;
        }
        String out = r.combinedOutput();
        String fail = what + ": " + r.describe();
        if (interactive) {
            return new Failure(FailureKind.COMMAND_FAILED, fail + "; see the output above");
        }
        if (FORBIDDEN.matcher(out).find()) {
            return new Failure(
                    FailureKind.PERMISSION_DENIED,
                    what + ": " + PERMISSION_DENIED_TEXT
                            + Outputs.suffix(Outputs.lineWith(out, "permission denied"))
                            + "; onboarding again does not help: check that Vault's Kerberos role for " + service
                            + " admits this service's principal (the vault-server administrators can)");
        }
        if (AUTH_NEEDED.matcher(out).find()
                || (credd == null && NO_TOKEN_WITHOUT_A_PERSON.matcher(out).find())) {
            return new Failure(
                    FailureKind.AUTH_NEEDED,
                    what + ": " + AUTH_NEEDED_TEXT + "; onboard the service again with token-push -r -s " + service);
        }
        if (MISMATCH.matcher(out).find()) {
            return new Failure(
                    FailureKind.CREDENTIALS_MISMATCH,
                    what + ": credentials exist that do not match the "
                            + "request; remove them with condor_store_cred delete-oauth -s " + service
                            + (credd == null ? "" : " on credd " + credd) + " and onboard again");
        }
        if (credd != null && STORE_FAILED.matcher(out).find()) {
            String detail = Outputs.lineMatching(out, CREDD_DETAIL);
            return new Failure(
                    FailureKind.CREDD_STORE_FAILED,
                    what + ": credd " + credd + " did not store the "
                            + "credential (condor_store_cred add-oauth failed" + (detail.isEmpty() ? "" : ": " + detail)
                            + "); HTCondor's tools do not say whether the credd is down or unreachable, refused to "
                            + "authenticate this account, or refused the write; check that " + credd + " is up and "
                            + "reachable, then run condor_store_cred query-oauth -s " + service
                            + " -d with _condor_CREDD_HOST="
                            + credd
                            + " as this account to see its answer (ALLOW_WRITE, SEC_CLIENT_AUTHENTICATION_METHODS)");
        }
        if (credd != null && QUERY_FAILED.matcher(out).find()) {
            return new Failure(
                    FailureKind.COMMAND_FAILED,
                    what + ": condor_store_cred could not be run (missing "
                            + "from PATH, or killed)" + Outputs.suffix(Outputs.lineWith(out, "condor_store_cred"))
                            + "; check that HTCondor's client tools are installed and on PATH");
        }
        String marker = credd == null ? "htgettoken:" : "condor_vault_storer:";
        return new Failure(FailureKind.COMMAND_FAILED, fail + Outputs.suffix(Outputs.lineWith(out, marker)));
    }
}
