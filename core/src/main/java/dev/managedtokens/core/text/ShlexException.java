package dev.managedtokens.core.text;

/** A string that google/shlex refuses to split (an unterminated quote or a trailing backslash). */
public final class ShlexException extends Exception {
    public ShlexException(String message) {
        super(message);
    }
}
