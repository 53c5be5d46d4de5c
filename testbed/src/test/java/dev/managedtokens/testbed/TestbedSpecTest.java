package dev.managedtokens.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestbedSpecTest {

    @Test
    void withersReturnNewSpecsAndLeaveTheOriginalAlone() {
        TestbedSpec plain = TestbedSpec.of(2, "dunepro");
        TestbedSpec broken = plain.withUnpingableNode().withSshdDownNode();

        assertFalse(plain.unpingableNode() || plain.sshdDownNode());
        assertTrue(broken.unpingableNode() && broken.sshdDownNode());
        assertEquals(List.of("dunepro"), broken.accounts());
        assertEquals(
                Duration.ofSeconds(1),
                plain.withStartTimeout(Duration.ofSeconds(1)).startTimeout());
    }

    @Test
    void accountNamesThatWouldMakeBadUnixNamesAreRejected() {
        for (String bad : new String[] {"", "Dune", "1dune", "dune-pro", "dune pro", "averyveryverylongname"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TestbedSpec.of(1, bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TestbedSpec.of(1, "dune", "dune"));
        assertThrows(IllegalArgumentException.class, () -> TestbedSpec.of(-1));
        assertThrows(IllegalArgumentException.class, () -> TestbedSpec.of(1).withStartTimeout(Duration.ZERO));
    }
}
