package dev.managedtokens.core.config;

import dev.managedtokens.core.text.OptionMerger;
import dev.managedtokens.core.text.Shlex;
import dev.managedtokens.core.text.ShlexException;
import java.util.List;

/**
 * Where a service's vault server comes from (docs/configuration.md, "Environment variables"), in order:
 * {@code _condor_SEC_CREDENTIAL_GETTOKEN_OPTS} in the environment (if it is set but has no {@code -a}, the service
 * fails: there is no fallback), then {@code vaultServer} or its per-role override, and otherwise HTCondor's own
 * {@code SEC_CREDENTIAL_GETTOKEN_OPTS}, which the caller asks {@code condor_config_val} for and parses with
 * {@link #parseGettokenOpts}.
 */
public sealed interface VaultServerSource {

    record FromEnvironment(String server) implements VaultServerSource {}

    record FromConfig(String server) implements VaultServerSource {}

    /** Neither the environment nor the file names one: ask {@code condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS}. */
    record AskCondor() implements VaultServerSource {}

    /** The environment variable is set but unusable; the service fails with this reason. */
    record Invalid(String reason) implements VaultServerSource {}

    /**
     * The value of {@code -a}/{@code --vaultserver} in a {@code SEC_CREDENTIAL_GETTOKEN_OPTS} text: other flags are
     * skipped, the last {@code -a} wins.
     *
     * @throws IllegalArgumentException with a one-line reason when there is no {@code -a} or the quoting is broken
     */
    static String parseGettokenOpts(String opts) {
        List<String> words;
        try {
            words = Shlex.split(opts);
        } catch (ShlexException e) {
            throw new IllegalArgumentException("cannot split \"" + opts + "\" into words: " + e.getMessage());
        }
        OptionMerger.Parsed parsed = OptionMerger.parse(List.of(new OptionMerger.Flag("vaultserver", "a", "")), words);
        if (!parsed.given().contains("vaultserver")) {
            throw new IllegalArgumentException("no -a/--vaultserver in \"" + opts + "\"");
        }
        return parsed.values().get("vaultserver");
    }
}
