package dev.managedtokens.worker.schedd;

import dev.managedtokens.worker.Failure;

/**
 * A vault server found in {@code SEC_CREDENTIAL_GETTOKEN_OPTS}.
 *
 * @param vaultServer the value of the last {@code -a}/{@code --vaultserver}; null on failure
 * @param failure     null on success
 */
public record VaultServerResult(String vaultServer, Failure failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
