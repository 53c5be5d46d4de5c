package dev.managedtokens.worker;

import java.util.regex.Pattern;

/** Program output made fit for a one-line message or a log: tokens masked, one line picked. */
public final class Outputs {

    // Vault tokens (hvs., legacy s.) and JWTs (bearer tokens) must never reach a log or an email.
    private static final Pattern VAULT_TOKEN = Pattern.compile("\\b(?:hvs|hvb|s)\\.[A-Za-z0-9_\\-.]{8,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private Outputs() {}

    public static String redact(String text) {
        if (text == null) return "";
        return JWT.matcher(VAULT_TOKEN.matcher(text).replaceAll("<redacted>")).replaceAll("<redacted>");
    }

    /** The last non-blank line, redacted: where programs usually say why they failed. */
    public static String lastLine(String text) {
        String[] lines = redact(text).strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (!lines[i].isBlank()) return lines[i].strip();
        }
        return "";
    }

    /** The first non-blank line, redacted: where ssh and rsync say why they failed, before their follow-ups. */
    public static String firstLine(String text) {
        for (String line : redact(text).split("\n")) {
            if (!line.isBlank()) return line.strip();
        }
        return "";
    }

    /** The first line that contains {@code marker}, else the last non-blank line. */
    public static String lineWith(String text, String marker) {
        for (String line : redact(text).split("\n")) {
            if (line.contains(marker)) return line.strip();
        }
        return lastLine(text);
    }

    /** The first line that {@code pattern} finds something in, redacted and stripped; empty if none. */
    public static String lineMatching(String text, Pattern pattern) {
        for (String line : redact(text).split("\n")) {
            if (pattern.matcher(line).find()) return line.strip();
        }
        return "";
    }

    /** Text for the end of a message: {@code ": <line>"}, or nothing when the program said nothing. */
    public static String suffix(String line) {
        return line.isEmpty() ? "" : ": " + line;
    }
}
