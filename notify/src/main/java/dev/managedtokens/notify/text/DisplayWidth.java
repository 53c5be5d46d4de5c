package dev.managedtokens.notify.text;

import java.util.regex.Pattern;

/** Terminal column width of a string as go-runewidth counts it (ANSI colour codes ignored), for table layout. */
public final class DisplayWidth {

    /** tablewriter strips these before measuring. */
    private static final Pattern ANSI = Pattern.compile("\033\\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?[m|K]");

    private DisplayWidth() {}

    public static int of(String s) {
        String plain = ANSI.matcher(s).replaceAll("");
        int width = 0;
        for (int i = 0; i < plain.length(); ) {
            int cp = plain.codePointAt(i);
            width += ofCodePoint(cp);
            i += Character.charCount(cp);
        }
        return width;
    }

    static int ofCodePoint(int cp) {
        if (cp == 0
                || Character.getType(cp) == Character.NON_SPACING_MARK
                || Character.getType(cp) == Character.ENCLOSING_MARK
                || cp == 0x200B) {
            return 0;
        }
        if (Character.isISOControl(cp)) {
            return 0;
        }
        return isWide(cp) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth blocks and the emoji planes: the ranges that matter for node names and errors. */
    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)
                || (cp >= 0x2E80 && cp <= 0x303E)
                || (cp >= 0x3041 && cp <= 0x33FF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0xA000 && cp <= 0xA4CF)
                || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0xFE30 && cp <= 0xFE4F)
                || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F)
                || (cp >= 0x1F900 && cp <= 0x1F9FF)
                || (cp >= 0x20000 && cp <= 0x3FFFD);
    }
}
