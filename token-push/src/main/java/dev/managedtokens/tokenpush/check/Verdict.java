package dev.managedtokens.tokenpush.check;

/** How one link of a service's chain stands. */
enum Verdict {
    /** Works now. */
    OK("✓", "+", "ok"),
    /** Works, but will not for long, or only partly (a stale token, an old role file, mismatched scopes). */
    WARN("!", "!", "warning"),
    /** Broken: the next run fails at this link. */
    FAIL("✗", "X", "failed"),
    /** Not asked: not configured, or an earlier link it needs is broken. Never changes the exit status. */
    SKIPPED("-", "-", "skipped");

    private final String mark;
    private final String asciiMark;
    private final String word;

    Verdict(String mark, String asciiMark, String word) {
        this.mark = mark;
        this.asciiMark = asciiMark;
        this.word = word;
    }

    /**
     * The table's mark: ✓ ! ✗ -, or + ! X - where the output cannot show them (cron and many monitoring agents
     * run with the C locale, where the JVM would print ✓ as ?).
     */
    public String mark(boolean unicode) {
        return unicode ? mark : asciiMark;
    }

    /** The JSON spelling. */
    public String word() {
        return word;
    }
}
