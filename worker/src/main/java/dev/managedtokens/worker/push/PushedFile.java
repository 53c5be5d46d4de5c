package dev.managedtokens.worker.push;

/** The files a service pushes to each node. */
public enum PushedFile {
    /** The vault token at {@code /tmp/vt_u<uid>}. */
    VAULT_TOKEN,
    /** The vault token at {@code /tmp/vt_u<uid>-<service>}. */
    SERVICE_VAULT_TOKEN,
    /** The role file; its failure never fails the service. */
    ROLE_FILE;

    public boolean isVaultToken() {
        return this != ROLE_FILE;
    }
}
