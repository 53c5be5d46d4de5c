package dev.managedtokens.testbed.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Java side names state files exactly as the scripts' st_enc does, and reads what st_json writes. */
class StateFilesTest {

    @Test
    void encodingMatchesTheScriptsAndRoundTrips() {
        assertEquals("acct%2Fmanagedtokens%2Fhost@REALM", StateFiles.encode("acct/managedtokens/host@REALM"));
        assertEquals("%2E%2Fx%25y%0Az", StateFiles.encode("./x%y\nz"));
        for (String s : List.of("plain", "a/b", "%2F", "%", ".hidden", "a%25/b\nc", "..")) {
            assertEquals(s, StateFiles.decode(StateFiles.encode(s)), s);
        }
    }

    @Test
    void jsonReadsCallLogLines() {
        Map<String, Object> o = Json.parseObject(
                "{\"tool\":\"htgettoken\",\"pid\":12,\"argv\":[\"-a\",\"q\\\"\\\\\\n\\u0001\"],\"env\":{},\"ok\":true,\"x\":null}");
        assertEquals("htgettoken", o.get("tool"));
        assertEquals(12L, o.get("pid"));
        assertEquals(List.of("-a", "q\"\\\n\u0001"), o.get("argv"));
        assertEquals(Map.of(), o.get("env"));
        assertEquals(Boolean.TRUE, o.get("ok"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"));
    }
}
