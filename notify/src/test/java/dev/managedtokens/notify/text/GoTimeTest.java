package dev.managedtokens.notify.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class GoTimeTest {

    @Test
    void formatsLikeGoRfc822WithZoneAbbreviation() {
        assertEquals(
                "23 Nov 25 06:00 CST",
                GoTime.rfc822(ZonedDateTime.of(2025, 11, 23, 6, 0, 0, 0, ZoneId.of("America/Chicago"))));
        assertEquals(
                "04 Jul 26 09:05 CDT",
                GoTime.rfc822(ZonedDateTime.of(2026, 7, 4, 9, 5, 59, 0, ZoneId.of("America/Chicago"))));
    }

    @Test
    void utcIsNamedUtc() {
        assertEquals("01 Jan 26 00:00 UTC", GoTime.rfc822(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals("01 Jan 26 00:00 UTC", GoTime.rfc822(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneId.of("UTC"))));
    }
}
