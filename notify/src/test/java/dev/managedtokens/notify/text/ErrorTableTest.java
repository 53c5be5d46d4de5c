package dev.managedtokens.notify.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ErrorTableTest {

    @Test
    void rendersTheSpecExampleByteForByte() {
        String expected = ErrorTable.PUSH_ERRORS_HELP + "\n\n"
                + "   NODE  |             ERROR               \n"
                + "---------+---------------------------------\n"
                + "  dune02 | Could not push vault token to   \n"
                + "         | node                            \n"
                + "  dune03 | Could not push vault token      \n"
                + "         | to node: exit status 255 ssh:   \n"
                + "         | connect to host dune03 port     \n"
                + "         | 22: Connection timed out        \n";
        Map<String, String> rows = new TreeMap<>(Map.of(
                "dune02",
                "Could not push vault token to node",
                "dune03",
                "Could not push vault token to node: exit status 255 ssh: connect to host dune03 port 22:"
                        + " Connection timed out"));
        assertEquals(expected, ErrorTable.pushErrors(rows));
    }

    @Test
    void noRowsIsTheEmptyStringWithoutHelpSentence() {
        assertEquals("", ErrorTable.pushErrors(Map.of()));
    }

    @Test
    void shortCellsMakeNarrowColumnsAndHeadersAreCentred() {
        // The upstream test's rows, with an empty help text: two newlines then the table.
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("key 1", "error 1");
        rows.put("key 2", "error 2");
        String expected = "\n\n"
                + "  NODE  |  ERROR   \n"
                + "--------+----------\n"
                + "  key 1 | error 1  \n"
                + "  key 2 | error 2  \n";
        assertEquals(expected, ErrorTable.render(rows, "", List.of("Node", "Error")));
    }

    @Test
    void numbersAreRightAlignedAndNewlinesReflowed() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("7", "line one\nline two");
        rows.put("node10", "1,234.5");
        String table = ErrorTable.render(rows, "", List.of("Node", "Error"));
        // Longest line of the first message is 8 wide, so it wraps at 8 after the reflow.
        assertEquals(
                "\n\n"
                        + "   NODE  |  ERROR    \n"
                        + "---------+-----------\n"
                        + "       7 | line one  \n"
                        + "         | line two  \n"
                        + "  node10 |  1,234.5  \n",
                table);
    }

    @Test
    void aWordLongerThanThirtyColumnsWidensTheColumn() {
        String word = "x".repeat(40);
        List<String> lines = ErrorTable.wrap("short " + word + " end", 30);
        assertEquals(List.of("short", word, "end"), lines);
        String table = ErrorTable.pushErrors(Map.of("n", "short " + word + " end"));
        assertEquals("-------+" + "-".repeat(43) + "\n", table.lines().toList().get(3) + "\n");
    }

    @Test
    void wrapMinimisesRaggednessNotGreedy() {
        // Greedy would give "aaa bb" / "cc" / "dddddd"; minimum raggedness balances the first two lines.
        assertEquals(List.of("aaa", "bb cc", "dddddd"), ErrorTable.wrap("aaa bb cc dddddd", 6));
    }

    @Test
    void titleUpperCasesAndReplacesUnderscores() {
        assertEquals("NODE NAME", ErrorTable.title("node_name"));
        assertEquals("V1.2", ErrorTable.title("v1.2"));
        assertEquals("A B", ErrorTable.title("a.b"));
    }
}
