package dev.managedtokens.tokenpush.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CheckReportTest {

    static final FileState OLD = new FileState("/tmp/vt_u1004", true, 1004, "victim", 0400, 96, 1000, 7300);
    static final FileState NEW =
            new FileState("/tmp/vt_u1004-dune_production", true, 1004, "victim", 0400, 96, 8000, 300);
    static final FileState ROLE = new FileState("/tmp/default_role_dune_1004", true, 1004, "victim", 0400, 5, 0, 9999);

    static CheckReport report(LinkResult... links) {
        return new CheckReport(
                Instant.EPOCH,
                Duration.ofMillis(1500),
                Duration.ofHours(2),
                List.of(new ServiceCheckResult(
                        "dune_production", "dune_production", "victim", OptionalLong.of(1004), List.of(links))),
                List.of(LinkResult.skipped("slack", "", "not set")));
    }

    @Test
    void aTableLinePerLinkWithMarksAdviceAndCounts() {
        CheckReport r = report(
                LinkResult.ok("keytab", "/k", "mode 0600"),
                LinkResult.failed("node", "node2", "ssh failed", "start sshd"),
                LinkResult.warning("node", "node1", "", "stale", "run it"));
        StringWriter s = new StringWriter();
        r.printTable(new PrintWriter(s), true);
        String table = s.toString();
        assertTrue(table.contains("  ✓ keytab      /k     mode 0600"), table);
        assertTrue(table.contains("  ✗ node        node2  ssh failed\n      what to do: start sshd"), table);
        assertTrue(table.contains("  ! node        node1  stale"), table);
        assertTrue(table.contains("  - slack"), table);
        assertTrue(table.endsWith("1 service(s), 4 links: 1 ✓, 1 !, 1 ✗, 1 skipped, in 1.5s\n"), table);
        assertEquals(3, r.exitStatus());
    }

    @Test
    void asciiMarksWhereTheOutputCannotShowUnicode() {
        StringWriter s = new StringWriter();
        report(LinkResult.ok("keytab", "/k", "fine"), LinkResult.failed("ping", "n", "down", ""))
                .printTable(new PrintWriter(s), false);
        assertTrue(s.toString().contains("  + keytab"), s.toString());
        assertTrue(s.toString().contains("  X ping"), s.toString());
    }

    @Test
    void onlyOkAndSkippedExitZero() {
        assertEquals(0, report(LinkResult.ok("keytab", "/k", "fine")).exitStatus());
        assertEquals(3, report(LinkResult.warning("node", "n", "", "stale", "")).exitStatus());
    }

    @Test
    void theMetricTakesTheOlderTokenFileAndLeavesTheRoleFileOut() {
        CheckReport r = report(
                new LinkResult("node", "node1", Verdict.OK, "", "", "", List.of(OLD, NEW, ROLE)),
                new LinkResult(
                        "node", "node2", Verdict.FAIL, "", "", "", List.of(FileState.missing("/tmp/vt_u1004"), NEW)));
        assertEquals(List.of(new CheckReport.NodeTokenAge("dune_production", "node1", 7300)), r.nodeTokenAges());
    }

    @Test
    void ages() {
        assertEquals("45s", ServiceCheck.age(45));
        assertEquals("12m", ServiceCheck.age(720));
        assertEquals("3h05m", ServiceCheck.age(3 * 3600 + 300));
        assertEquals("2d04h", ServiceCheck.age(2 * 86400 + 4 * 3600));
    }
}
