package dev.managedtokens.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NameRulesTest {

    @Test
    void accountsAreUnixUserNames() {
        for (String ok : List.of("dunepro", "_svc", "a.b-c_d", "machine$", "a".repeat(32))) {
            assertTrue(NameRules.accountProblem(ok).isEmpty(), ok);
        }
        for (String bad : List.of(
                "-e", "../../../../etc/krb5", "Dune", "a b", "a/b", "9lives", "a$b", "", "a".repeat(33), "a\nb")) {
            assertTrue(NameRules.accountProblem(bad).isPresent(), bad);
        }
    }

    @Test
    void nodesAreHostNames() {
        for (String ok : List.of("node1", "node1.fnal.gov", "10.0.0.1", "a-b.c", "x".repeat(63))) {
            assertTrue(NameRules.hostProblem(ok).isEmpty(), ok);
        }
        for (String bad : List.of(
                "-oProxyCommand=touch /tmp/x",
                "a..b",
                ".a",
                "a.",
                "a-.b",
                "a_b",
                "a b",
                "",
                "x".repeat(64),
                "[::1]",
                "user@host")) {
            assertTrue(NameRules.hostProblem(bad).isPresent(), bad);
        }
    }

    @Test
    void fileNamePartsStayOneNameInOneDirectory() {
        for (String ok : List.of("dune", "dune_nd", "DUNE-2", "a.b")) {
            assertTrue(NameRules.fileNamePartProblem(ok).isEmpty(), ok);
        }
        for (String bad :
                List.of("../../x", "..", "a/b", "-x", "a b", "a\tb", "a\u0000b", "a\u00a0b", "", "x".repeat(65))) {
            assertTrue(NameRules.fileNamePartProblem(bad).isPresent(), bad);
        }
    }

    @Test
    void childOfRefusesWhatWouldLeaveTheDirectory() {
        Path dir = Path.of("/etc/keytabs");
        assertEquals(Path.of("/etc/keytabs/dunepro.keytab"), NameRules.childOf(dir, "dunepro.keytab"));
        for (String bad : List.of("../../../../etc/krb5.keytab", "../x", "a/b", "/etc/krb5.keytab", "..", ".", "")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> NameRules.childOf(dir, bad), bad);
            assertTrue(e.getMessage().contains("would leave /etc/keytabs"), e.getMessage());
        }
    }

    @Test
    void requireNotOptionRefusesALeadingDash() {
        assertEquals("node1", NameRules.requireNotOption("the node", "node1"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> NameRules.requireNotOption("the node", "-oProxyCommand=x"));
        assertTrue(e.getMessage().startsWith("the node \"-oProxyCommand=x\" starts with \"-\""), e.getMessage());
    }
}
