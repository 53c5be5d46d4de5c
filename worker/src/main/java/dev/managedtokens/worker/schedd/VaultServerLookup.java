package dev.managedtokens.worker.schedd;

import dev.managedtokens.core.config.VaultServerSource;
import dev.managedtokens.core.process.Command;
import dev.managedtokens.core.process.CommandResult;
import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.core.process.Termination;
import dev.managedtokens.worker.Failure;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.Outputs;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The last resort for a service's vault server: HTCondor's own {@code SEC_CREDENTIAL_GETTOKEN_OPTS}, read with
 * {@code condor_config_val}, and the {@code -a}/{@code --vaultserver} value in it.
 */
public final class VaultServerLookup {

    static final String NOT_FOUND =
            "could not find setting for SEC_CREDENTIAL_GETTOKEN_OPTS in environment, configuration, or HTCondor";

    private final ProcessRunner runner;

    public VaultServerLookup(ProcessRunner runner) {
        this.runner = runner;
    }

    /** Runs {@code condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS} (stdout only, trimmed) and parses it. */
    public VaultServerResult lookup(Map<String, String> environment, Duration timeout) {
        CommandResult r = runner.run(
                Command.of(List.of("condor_config_val", "SEC_CREDENTIAL_GETTOKEN_OPTS"), environment, timeout));
        if (r.termination() == Termination.INTERRUPTED) {
            return new VaultServerResult(
                    null,
                    new Failure(FailureKind.CANCELLED, "condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS was cancelled"));
        }
        if (!r.succeeded()) {
            return new VaultServerResult(
                    null,
                    new Failure(
                            r.timedOut() ? FailureKind.TIMEOUT : FailureKind.NO_VAULT_SERVER,
                            NOT_FOUND + ": condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS " + r.describe()
                                    + Outputs.suffix(Outputs.lastLine(r.combinedOutput()))
                                    + "; set vaultServer in the configuration"));
        }
        return parseVaultServer(r.stdout().strip());
    }

    /**
     * The value of {@code -a}/{@code --vaultserver} in an htgettoken option string, the last one when repeated;
     * other flags are skipped. Accepts {@code -a v}, {@code -a=v}, {@code -av}, {@code --vaultserver v} and
     * {@code --vaultserver=v}.
     */
    public static VaultServerResult parseVaultServer(String gettokenOpts) {
        // One parser for -a/--vaultserver, shared with the configuration's environment source (docs/configuration.md).
        try {
            return new VaultServerResult(VaultServerSource.parseGettokenOpts(gettokenOpts), null);
        } catch (IllegalArgumentException e) {
            return new VaultServerResult(
                    null,
                    new Failure(
                            FailureKind.NO_VAULT_SERVER,
                            NOT_FOUND + ": " + e.getMessage() + "; set vaultServer in the configuration"));
        }
    }
}
