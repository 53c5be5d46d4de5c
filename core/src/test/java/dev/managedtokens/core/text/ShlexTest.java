package dev.managedtokens.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShlexTest {

    @Test
    void splitsOnWhitespace() throws Exception {
        assertEquals(List.of("-foo", "--bar", "value"), Shlex.split("-foo --bar value"));
        assertEquals(List.of("a", "b"), Shlex.split("  a \t\n b  "));
    }

    @Test
    void emptyTextGivesAnEmptyList() throws Exception {
        assertEquals(List.of(), Shlex.split(""));
        assertEquals(List.of(), Shlex.split("   "));
    }

    @Test
    void singleQuotesAreLiteralAndDoubleQuotesAllowEscapes() throws Exception {
        assertEquals(List.of("a b", "c\\d"), Shlex.split("'a b' 'c\\d'"));
        assertEquals(List.of("a \"b\" c"), Shlex.split("\"a \\\"b\\\" c\""));
        assertEquals(List.of("--chmod=u=r,go="), Shlex.split("--chmod=u=r,go="));
        assertEquals(List.of("-e", "ssh -o A=1"), Shlex.split("-e \"ssh -o A=1\""));
        assertEquals(List.of("ab"), Shlex.split("a'b'"));
        assertEquals(List.of(""), Shlex.split("\"\""));
    }

    @Test
    void backslashEscapesOutsideQuotes() throws Exception {
        assertEquals(List.of("a b"), Shlex.split("a\\ b"));
        // google/shlex drops the backslash before any character inside double quotes
        assertEquals(List.of("a"), Shlex.split("\"\\a\""));
    }

    @Test
    void hashStartsACommentOnlyAtTheStartOfAWord() throws Exception {
        assertEquals(List.of("a", "b#c"), Shlex.split("a b#c # the rest\n"));
        assertEquals(List.of("a", "d"), Shlex.split("a #comment\nd"));
    }

    @Test
    void unterminatedQuoteOrTrailingEscapeIsAnError() {
        assertEquals(
                "EOF found when expecting closing quote",
                assertThrows(ShlexException.class, () -> Shlex.split("-a 'vault"))
                        .getMessage());
        assertThrows(ShlexException.class, () -> Shlex.split("\"open"));
        assertEquals(
                "EOF found after escape character",
                assertThrows(ShlexException.class, () -> Shlex.split("abc\\")).getMessage());
    }
}
