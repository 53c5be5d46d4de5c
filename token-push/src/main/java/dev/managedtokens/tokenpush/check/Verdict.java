package dev.managedtokens.tokenpush.check;

/** How one link of a service's chain stands. */
public enum Verdict {
    /** Works now. */
    OK("✓", "ok"),
    /** Works, but will not for long, or only partly (a stale token, an old role file, mismatched scopes). */
    WARN("!", "warning"),
    /** Broken: the next run fails at this link. */
    FAIL("✗", "failed"),
    /** Not asked: not configured, or an earlier link it needs is broken. Never changes the exit status. */
    SKIPPED("-", "skipped");

    private final String mark;
    private final String word;

    Verdict(String mark, String word) {
        this.mark = mark;
        this.word = word;
    }

    public String mark() {
        return mark;
    }

    /** The JSON spelling. */
    public String word() {
        return word;
    }
}
