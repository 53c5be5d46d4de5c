package dev.managedtokens.worker.schedd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.managedtokens.core.process.ProcessRunner;
import dev.managedtokens.worker.FailureKind;
import dev.managedtokens.worker.FakePrograms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultServerLookupTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-a vaultserver.domain",
                "--vaultserver vaultserver.domain",
                "-foo blah --bar blah -a vaultserver.domain --another-flag baz",
                "-a vaultserver1.domain -a vaultserver.domain",
                "--vaultserver=vaultserver.domain",
                "-a 'vaultserver.domain'"
            })
    void findsTheLastVaultServer(String opts) {
        assertEquals(
                "vaultserver.domain", VaultServerLookup.parseVaultServer(opts).vaultServer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--foo bar", "-a \"unbalanced", "-a"})
    void noUsableVaultServerIsAnError(String opts) {
        VaultServerResult r = VaultServerLookup.parseVaultServer(opts);
        assertFalse(r.succeeded());
        assertEquals(FailureKind.NO_VAULT_SERVER, r.failure().kind());
    }

    @Test
    void readsCondorConfigValStdoutTrimmed() {
        FakePrograms fakes = new FakePrograms(dir);
        fakes.install("condor_config_val", """
                echo "condor_config_val $*" >> "$FAKE_LOG"
                echo "  -a vault.example:8200 --nokerberos  "
                echo "a warning" >&2
                """);
        VaultServerResult r =
                new VaultServerLookup(new ProcessRunner(2)).lookup(fakes.environment(), Duration.ofSeconds(5));

        assertEquals("vault.example:8200", r.vaultServer());
        assertEquals(List.of("condor_config_val SEC_CREDENTIAL_GETTOKEN_OPTS"), fakes.calls());
    }

    @Test
    void aFailingOrHangingCondorConfigValIsReported() {
        FakePrograms fakes = new FakePrograms(dir);
        fakes.install("condor_config_val", """
                [ "$MODE" = hang ] && exec sleep 30
                echo "Not defined: SEC_CREDENTIAL_GETTOKEN_OPTS" >&2; exit 1
                """);
        VaultServerLookup lookup = new VaultServerLookup(new ProcessRunner(2));

        VaultServerResult failed = lookup.lookup(fakes.environment(), Duration.ofSeconds(5));
        assertEquals(FailureKind.NO_VAULT_SERVER, failed.failure().kind());
        assertTrue(
                failed.failure().message().startsWith(VaultServerLookup.NOT_FOUND),
                failed.failure().message());
        assertTrue(
                failed.failure().message().contains("Not defined"),
                failed.failure().message());

        VaultServerResult hung = lookup.lookup(fakes.environment(Map.of("MODE", "hang")), Duration.ofMillis(300));
        assertEquals(FailureKind.TIMEOUT, hung.failure().kind());
    }
}
