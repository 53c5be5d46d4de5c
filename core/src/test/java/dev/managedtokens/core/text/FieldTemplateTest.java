package dev.managedtokens.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldTemplateTest {

    @Test
    void substitutesFields() throws Exception {
        assertEquals(
                "foobarmyaccount", FieldTemplate.parse("foobar{{.Account}}").render(Map.of("Account", "myaccount")));
        assertEquals(
                "/tmp/thisisagoodcase_12345_testservice",
                FieldTemplate.parse("/tmp/thisisagoodcase_{{.DesiredUID}}_{{.Experiment}}")
                        .render(Map.of("DesiredUID", 12345L, "Experiment", "testservice")));
        assertEquals("x-y", FieldTemplate.parse("{{ .A }}-{{.B}}").render(Map.of("A", "x", "B", "y")));
    }

    @Test
    void aTemplateWithoutFieldsIsItsText() throws Exception {
        assertEquals("/tmp/fixed_path", FieldTemplate.parse("/tmp/fixed_path").render(Map.of()));
        assertEquals("", FieldTemplate.parse("").render(Map.of()));
    }

    @Test
    void anUnknownFieldFailsInsteadOfRenderingEmpty() throws Exception {
        FieldTemplate t = FieldTemplate.parse("foobar{{.DifferentField}}");
        TemplateException e = assertThrows(TemplateException.class, () -> t.render(Map.of("Account", "myaccount")));
        assertEquals(TemplateException.Kind.UNKNOWN_FIELD, e.kind());
        assertTrue(e.getMessage().contains("DifferentField"), e.getMessage());
        assertEquals(Optional.of("DifferentField"), t.firstUnknownField(Set.of("Account")));
        assertThrows(
                TemplateException.class,
                () -> FieldTemplate.parse("{{.Doesntexist}}").render(Map.of("A", 1)));
        // field names are case-sensitive, as in Go
        assertThrows(
                TemplateException.class,
                () -> FieldTemplate.parse("{{.account}}").render(Map.of("Account", "a")));
    }

    @Test
    void unsupportedOrMalformedActionsAreParseErrors() {
        for (String bad : List.of(
                "{{.Account", "{{}}", "{{for}}", "{{printf \"%s\" .Account}}", "{{.A | x}}", "{{.}}", "{{.A..B}}")) {
            TemplateException e = assertThrows(TemplateException.class, () -> FieldTemplate.parse(bad), bad);
            assertEquals(TemplateException.Kind.PARSE, e.kind(), bad);
        }
    }

    @Test
    void trimMarkersAndCommentsBehaveAsInGo() throws Exception {
        assertEquals("a-b", FieldTemplate.parse("a  {{- .X -}}  b").render(Map.of("X", "-")));
        assertEquals("ab", FieldTemplate.parse("a{{/* note */}}b").render(Map.of()));
    }

    @Test
    void listsRenderAsGoPrintsThem() throws Exception {
        assertEquals("[n1 n2]", FieldTemplate.parse("{{.Nodes}}").render(Map.of("Nodes", List.of("n1", "n2"))));
    }

    @Test
    void htmlModeEscapesSubstitutedValuesOnlyLikeGoHtmlTemplate() throws Exception {
        FieldTemplate t = FieldTemplate.parse("<{{.Account}}>&");
        assertEquals(
                "<a&amp;b&lt;c&gt;&#34;d&#39;e&#43;f\uFFFD>&",
                t.render(Map.of("Account", "a&b<c>\"d'e+f\0"), FieldTemplate.Escaping.HTML));
        assertEquals("<a+b>&", t.render(Map.of("Account", "a+b")));
    }
}
