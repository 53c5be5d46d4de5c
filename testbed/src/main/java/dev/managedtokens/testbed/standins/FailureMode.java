package dev.managedtokens.testbed.standins;

/** A way the stand-ins can be told to fail, as the real programs fail (see docs/external-tools.md). */
public enum FailureMode {
    /** Vault holds no refresh token: the storer says "Authentication needed for SVC" and htgettoken fails. */
    AUTH_NEEDED("auth-needed"),
    /**
     * Vault holds no refresh token and, where htgettoken runs a device-code flow (only with a terminal), nobody
     * approves it: "htgettoken: Polling for response took longer than 2 minutes", without waiting the two minutes.
     * Without a terminal there is no device flow, and the failure is that of {@link #AUTH_NEEDED}.
     */
    HTGETTOKEN_TIMEOUT("htgettoken-timeout"),
    /** Vault refuses: "htgettoken: Kerberos negotiate with ... failed: HTTPError: Forbidden: permission denied". */
    PERMISSION_DENIED("permission-denied"),
    /** condor_store_cred query-oauth exits 2, so the storer fails with "Credentials exist that do not match...". */
    MISMATCH("mismatch"),
    /** htgettoken sleeps far past any timeout with a sleeping child of its own: the whole tree must be killed. */
    HANG("hang"),
    /** condor_vault_storer (or a directly called htgettoken) dies of SIGABRT: exit status 134. */
    CRASH("crash");

    private final String fileValue;

    FailureMode(String fileValue) {
        this.fileValue = fileValue;
    }

    /** The word the scripts read from the state file. */
    public String fileValue() {
        return fileValue;
    }
}
