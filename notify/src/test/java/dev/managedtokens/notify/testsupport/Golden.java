package dev.managedtokens.notify.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Byte-exact renderings of the Go service's message templates (docs/notifications.md, "The messages"), kept in
 * {@code golden/}.
 */
public final class Golden {

    /** The time the golden examples were rendered at: 23 Nov 25 06:00 CST. */
    public static final ZonedDateTime SPEC_TIME =
            ZonedDateTime.of(2025, 11, 23, 6, 0, 0, 0, ZoneId.of("America/Chicago"));

    private Golden() {}

    public static String read(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource golden/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
