package dev.managedtokens.testbed.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MANAGED_TOKENS_REAL_TOOLS names a directory of real programs that take precedence over the stand-ins. */
class RealToolsDirTest {

    @TempDir
    Path dir;

    @Test
    void unsetOrBlankMeansStandInsOnly() {
        assertEquals(Optional.empty(), StandIns.realToolsDir(Map.of()));
        assertEquals(Optional.empty(), StandIns.realToolsDir(Map.of(StandIns.REAL_TOOLS_ENV, " ")));
    }

    @Test
    void aDirectoryIsUsed() {
        assertEquals(
                Optional.of(dir.toAbsolutePath()),
                StandIns.realToolsDir(Map.of(StandIns.REAL_TOOLS_ENV, dir.toString())));
    }

    @Test
    void aPathThatIsNoDirectoryIsRefusedWithTheVariableNamed() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> StandIns.realToolsDir(
                        Map.of(StandIns.REAL_TOOLS_ENV, dir.resolve("missing").toString())));
        assertTrue(e.getMessage().startsWith(StandIns.REAL_TOOLS_ENV + "="), e.getMessage());
    }

    @Test
    void realProgramsComeBeforeTheStandInsOnPath() {
        StandIns standIns = StandIns.install(dir.resolve("bed"));
        String path = standIns.withStandInsOnPath(Map.of("PATH", "/usr/bin")).get("PATH");
        assertTrue(path.startsWith(standIns.binDir() + ":") || path.contains(":" + standIns.binDir() + ":"), path);
        assertTrue(path.endsWith(":/usr/bin"), path);
    }
}
