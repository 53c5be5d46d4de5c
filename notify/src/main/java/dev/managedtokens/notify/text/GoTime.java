package dev.managedtokens.notify.text;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Go's {@code time.RFC822} layout, {@code 02 Jan 06 15:04 MST}, used in every subject and message body. */
public final class GoTime {

    private static final DateTimeFormatter RFC822 = DateTimeFormatter.ofPattern("dd MMM yy HH:mm ", Locale.ENGLISH);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    private GoTime() {}

    public static String rfc822(ZonedDateTime time) {
        // Go names the zero offset UTC where Java would print Z.
        String zone = time.getZone().equals(ZoneOffset.UTC) ? "UTC" : ZONE.format(time);
        return RFC822.format(time) + zone;
    }
}
