package dev.managedtokens.core.text;

/** A {@code {{.Field}}} template that does not parse, or names a field the data does not have. */
public final class TemplateException extends Exception {

    /** Whether the template text itself is wrong, or only its execution against the given fields failed. */
    public enum Kind {
        PARSE,
        UNKNOWN_FIELD
    }

    private final Kind kind;

    public TemplateException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
