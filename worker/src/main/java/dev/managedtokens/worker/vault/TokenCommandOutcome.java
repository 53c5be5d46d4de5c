package dev.managedtokens.worker.vault;

import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.util.regex.Pattern;

/** Reads a failed {@code condor_vault_storer} or {@code htgettoken} run into a typed failure, as upstream does. */
final class TokenCommandOutcome {

    static final String AUTH_NEEDED_TEXT = "authentication needed for service to generate vault token";
    static final String POLL_TIMEOUT_TEXT = "htgettoken timeout to generate vault token";
    static final String PERMISSION_DENIED_TEXT = "permission denied to generate vault token";

    // The Go service's patterns, verbatim (Go's '.' does not match a newline either).
    private static final Pattern AUTH_NEEDED = Pattern.compile("Authentication needed for.*");
    private static final Pattern POLL_TIMEOUT = Pattern.compile("htgettoken: Polling for response took longer than.*");
    private static final Pattern FORBIDDEN = Pattern.compile("htgettoken:.*403.*permission denied");
    private static final Pattern MISMATCH = Pattern.compile("Credentials exist that do not match");
    // What the storer prints when condor_store_cred cannot query the credd. Without -v the storer discards
    // condor_store_cred's own text, so an unreachable credd and one that refuses to authenticate us look the same.
    private static final Pattern UNREACHABLE = Pattern.compile(
            "(?i)querying condor credentials failed|can't find address|cannot find address|could not locate"
                    + "|unable to locate|failed to connect|connection refused|no route to host|can't connect"
                    + "|unable to connect");

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
                return new Failure(FailureKind.TIMEOUT, what + ": timeout error (killed with its children after "
                        + r.command().timeout().toSeconds() + "s); check the vault server and credd, or raise the "
                        + "vault-storer timeout");
            case INTERRUPTED:
                return new Failure(FailureKind.CANCELLED, what + ": cancelled");
            case FAILED_TO_START:
                return new Failure(FailureKind.COMMAND_FAILED, what + ": could not start (" + r.stderr().strip()
                        + "); check that " + r.command().programName() + " is installed and on PATH");
            case EXITED:
            default:
                break;
        }
        String out = r.combinedOutput();
        String fail = what + ": " + r.describe();
        if (interactive) {
            return new Failure(FailureKind.COMMAND_FAILED, fail + "; see the output above");
        }
        if (AUTH_NEEDED.matcher(out).find()) {
            if (POLL_TIMEOUT.matcher(out).find()) {
                return new Failure(FailureKind.AUTH_NEEDED_POLL_TIMEOUT, what + ": " + AUTH_NEEDED_TEXT + ": "
                        + POLL_TIMEOUT_TEXT + "; run token-push -r -s " + service + " and approve the device code in time");
            }
            if (FORBIDDEN.matcher(out).find()) {
                return new Failure(FailureKind.PERMISSION_DENIED, what + ": " + AUTH_NEEDED_TEXT + ": "
                        + PERMISSION_DENIED_TEXT + "; check the Vault role and policy for " + service);
            }
            return new Failure(FailureKind.AUTH_NEEDED, what + ": " + AUTH_NEEDED_TEXT
                    + "; onboard the service again with token-push -r -s " + service);
        }
        if (MISMATCH.matcher(out).find()) {
            return new Failure(FailureKind.CREDENTIALS_MISMATCH, what + ": credentials exist that do not match the "
                    + "request; remove them with condor_store_cred delete-oauth -s " + service
                    + (credd == null ? "" : " on credd " + credd) + " and onboard again");
        }
        if (credd != null && UNREACHABLE.matcher(out).find()) {
            return new Failure(FailureKind.UNREACHABLE_CREDD, what + ": credd " + credd + " could not be queried"
                    + Outputs.suffix(Outputs.lastLine(out)) + "; check the credd host name, that it is up, and that it "
                    + "accepts this host (ALLOW_WRITE)");
        }
        String marker = credd == null ? "htgettoken:" : "condor_vault_storer:";
        return new Failure(FailureKind.COMMAND_FAILED, fail + Outputs.suffix(Outputs.lineWith(out, marker)));
    }
}
