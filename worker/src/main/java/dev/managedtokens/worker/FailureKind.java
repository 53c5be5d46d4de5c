package dev.managedtokens.worker;

/** Why a worker step failed, so that callers route notifications and metrics without parsing messages. */
public enum FailureKind {
    /** The step's deadline passed; any program still running was killed with its whole process tree. */
    TIMEOUT,
    /** Our thread was interrupted: the run is being cancelled. */
    CANCELLED,
    /** The token program printed {@code Authentication needed for ...}: the service needs onboarding again. */
    AUTH_NEEDED,
    /** Vault refused the login with 403 permission denied (a Vault role or policy matter, not onboarding). */
    PERMISSION_DENIED,
    /** The credd holds credentials for the service that do not match the request. */
    CREDENTIALS_MISMATCH,
    /**
     * The credd named by {@code _condor_CREDD_HOST} did not store the credential: it is down or unreachable, refused
     * to authenticate us, or refused the write. HTCondor's tools report all of these alike (exit 1), so which one
     * it was cannot be told from them.
     */
    CREDD_STORE_FAILED,
    /** A program failed to start or exited non-zero for any other reason. */
    COMMAND_FAILED,
    /** A collector answered, but with no schedd (or with no collector answering at all, see the message). */
    NO_SCHEDDS,
    /** No vault server could be found in {@code SEC_CREDENTIAL_GETTOKEN_OPTS}. */
    NO_VAULT_SERVER,
    /** No vault token file exists that could be pushed. */
    NO_SOURCE_TOKEN,
    /** A local token file or directory could not be read, written, moved or created. */
    FILE_ERROR,
    /** A push failed to a node that had already failed its ping; it is not retried. */
    NODE_UNPINGABLE,
    /** The request itself cannot be run (an empty vault server, no collector hosts). */
    INVALID_REQUEST
}
