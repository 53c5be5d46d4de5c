package dev.managedtokens.core.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchNamesTest {

    @TempDir
    Path tmp;

    @Test
    void aTemporaryFileMadeWithOurPrefixNamesThisProcessAsItsMaker() throws IOException {
        Path f = Files.createTempFile(tmp, ScratchNames.prefix("managed_tokens_condor_vault_token"), "");
        Path d = Files.createTempDirectory(tmp, ScratchNames.prefix("managed-tokens"));
        ProcessHandle me = ProcessHandle.current();
        for (Path p : new Path[] {f, d}) {
            ScratchNames.Maker maker =
                    ScratchNames.maker(p.getFileName().toString()).orElseThrow();
            assertEquals(me.pid(), maker.pid(), p.toString());
            assertEquals(ScratchNames.startMillis(me), maker.startMillis());
            assertTrue(maker.mayBeAlive());
        }
        assertTrue(d.getFileName().toString().startsWith("managed-tokens.p" + me.pid() + "s"), d.toString());
    }

    @Test
    void theLastTagCountsWhateverTheBaseHolds() {
        assertEquals(
                Optional.of(new ScratchNames.Maker(42, OptionalLong.of(7))),
                ScratchNames.maker("managed_tokens_xdg_a.p1s2.3.p42s7.123"));
        assertEquals(
                Optional.of(new ScratchNames.Maker(42, OptionalLong.empty())),
                ScratchNames.maker("managed_tokens_default_role_file.p42.123"));
    }

    @Test
    void otherNamesHaveNoMaker() {
        for (String name : new String[] {
            "managed-tokens123",
            "managed_tokens_vt_bak-svc-2026-12-03T10:00:00Z",
            "sqlite-3.53.4.0-uuid-libsqlitejdbc.so",
            "managed_tokens_x.p42s7.",
            "managed_tokens_x.p42s7.12a",
            "vt_u1000-dune_production.p42s7.1",
            "managed_tokens_x.pabc.1"
        }) {
            assertEquals(Optional.empty(), ScratchNames.maker(name), name);
        }
    }

    @Test
    void aBaseTheSweepWouldNotRecogniseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScratchNames.prefix("bearer_token_"));
        assertThrows(IllegalArgumentException.class, () -> ScratchNames.prefix("managed_tokens_a/b"));
    }
}
