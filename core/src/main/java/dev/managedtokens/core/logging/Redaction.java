package dev.managedtokens.core.logging;

import java.util.regex.Pattern;

/**
 * The last line of defence against secrets in logs: vault tokens ({@code hvs.}, {@code hvb.}, legacy {@code s.}),
 * JWTs (bearer tokens), {@code Bearer} credentials and {@code password=} values are masked in every message, MDC
 * value and exception text before any appender writes them. Code must still never log a secret; this only limits
 * the damage when it does. The token patterns mirror the worker's {@code Outputs.redact}.
 */
public final class Redaction {

    public static final String MASK = "<redacted>";

    private static final Pattern VAULT_TOKEN = Pattern.compile("\\b(?:hvs|hvb|s)\\.[A-Za-z0-9_\\-.]{8,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern PASSWORD =
            Pattern.compile("(?i)\\b(password|passwd|pwd|secret)(\\s*[=:]\\s*)(\"[^\"]*\"|\\S+)");

    private Redaction() {}

    /** {@code text} with every secret-looking part replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        // Cheap pre-check: nearly every line has none of these, and logging must stay fast.
        if (!mayContainSecret(text)) return text;
        String out = JWT.matcher(text).replaceAll(MASK);
        out = VAULT_TOKEN.matcher(out).replaceAll(MASK);
        out = BEARER.matcher(out).replaceAll("$1" + MASK);
        return PASSWORD.matcher(out).replaceAll("$1$2" + MASK);
    }

    private static boolean mayContainSecret(String s) {
        return s.indexOf('.') >= 0
                || containsIgnoreCase(s, "bearer")
                || containsIgnoreCase(s, "pass")
                || containsIgnoreCase(s, "pwd")
                || containsIgnoreCase(s, "secret");
    }

    private static boolean containsIgnoreCase(String s, String part) {
        int n = part.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, n)) return true;
        }
        return false;
    }
}
