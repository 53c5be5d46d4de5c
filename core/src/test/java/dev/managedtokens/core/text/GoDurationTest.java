package dev.managedtokens.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "300s, 300000000000",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "300ms, 300000000",
        "0, 0",
        "0s, 0",
        "+5s, 5000000000",
        "-1.5h, -5400000000000",
        "1h2m3s4ms5us6ns, 3723004005006",
        "2\u00b5s, 2000",
        "2\u03bcs, 2000",
        ".5s, 500000000",
        "5.s, 5000000000",
        "1.000000001s, 1000000001",
        "5m, 300000000000",
    })
    void parsesGoDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "60ssss",
                "3d",
                "10",
                "1.5",
                ".s",
                "-",
                "s",
                "1h 2m",
                "1e3s",
                "9999999999999999999s",
                "2562048h"
            })
    void rejectsWhatGoRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertTrue(GoDuration.tryParse(text).isEmpty());
    }

    @org.junit.jupiter.api.Test
    void errorTextIsGosOwn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("60ssss"));
        assertEquals("time: unknown unit \"ssss\" in duration \"60ssss\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse("10"));
        assertEquals("time: missing unit in duration \"10\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "90000000000, 1m30s",
        "3600000000000, 1h0m0s",
        "300000000, 300ms",
        "1500000000, 1.5s",
        "1000, 1\u00b5s",
        "500, 500ns",
        "-30000000000, -30s",
        "180000000000, 3m0s",
    })
    void formatsLikeGo(long nanos, String text) {
        assertEquals(text, GoDuration.format(Duration.ofNanos(nanos)));
    }
}
