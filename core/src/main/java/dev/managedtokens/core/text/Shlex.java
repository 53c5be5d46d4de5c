package dev.managedtokens.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Word splitting exactly as github.com/google/shlex does it, because the Go service splits every option string and
 * rendered command template with it: the same configured {@code pingOptions} must give the same arguments here.
 */
public final class Shlex {

    private enum State {
        START,
        IN_WORD,
        ESCAPING,
        ESCAPING_QUOTED,
        QUOTING_ESCAPING,
        QUOTING,
        COMMENT
    }

    private Shlex() {}

    /** The words of {@code text}; {@code ""} gives an empty list; comments (a word starting with {@code #}) are dropped. */
    public static List<String> split(String text) throws ShlexException {
        List<String> words = new ArrayList<>();
        int[] position = {0};
        while (true) {
            Token token = next(text, position);
            if (token == null) {
                return words;
            }
            if (!token.comment) {
                words.add(token.value);
            }
        }
    }

    private record Token(String value, boolean comment) {}

    private static Token next(String text, int[] position) throws ShlexException {
        State state = State.START;
        StringBuilder value = new StringBuilder();
        boolean comment = false;
        while (true) {
            int i = position[0];
            boolean eof = i >= text.length();
            int c = eof ? -1 : text.codePointAt(i);
            if (!eof) {
                position[0] = i + Character.charCount(c);
            }
            switch (state) {
                case START -> {
                    if (eof) {
                        return null;
                    } else if (isSpace(c)) {
                        continue;
                    } else if (c == '"') {
                        state = State.QUOTING_ESCAPING;
                    } else if (c == '\'') {
                        state = State.QUOTING;
                    } else if (c == '\\') {
                        state = State.ESCAPING;
                    } else if (c == '#') {
                        comment = true;
                        state = State.COMMENT;
                    } else {
                        value.appendCodePoint(c);
                        state = State.IN_WORD;
                    }
                }
                case IN_WORD -> {
                    if (eof || isSpace(c)) {
                        return new Token(value.toString(), false);
                    } else if (c == '"') {
                        state = State.QUOTING_ESCAPING;
                    } else if (c == '\'') {
                        state = State.QUOTING;
                    } else if (c == '\\') {
                        state = State.ESCAPING;
                    } else {
                        value.appendCodePoint(c); // '#' inside a word is literal
                    }
                }
                case ESCAPING -> {
                    if (eof) {
                        throw new ShlexException("EOF found after escape character");
                    }
                    value.appendCodePoint(c);
                    state = State.IN_WORD;
                }
                case ESCAPING_QUOTED -> {
                    if (eof) {
                        throw new ShlexException("EOF found after escape character");
                    }
                    // google/shlex keeps only the escaped character, even for "\a" (unlike POSIX sh).
                    value.appendCodePoint(c);
                    state = State.QUOTING_ESCAPING;
                }
                case QUOTING_ESCAPING -> {
                    if (eof) {
                        throw new ShlexException("EOF found when expecting closing quote");
                    } else if (c == '"') {
                        state = State.IN_WORD;
                    } else if (c == '\\') {
                        state = State.ESCAPING_QUOTED;
                    } else {
                        value.appendCodePoint(c);
                    }
                }
                case QUOTING -> {
                    if (eof) {
                        throw new ShlexException("EOF found when expecting closing quote");
                    } else if (c == '\'') {
                        state = State.IN_WORD;
                    } else {
                        value.appendCodePoint(c);
                    }
                }
                case COMMENT -> {
                    if (eof) {
                        return new Token(value.toString(), comment);
                    } else if (c == '\n') {
                        return new Token(value.toString(), comment);
                    } else {
                        value.appendCodePoint(c);
                    }
                }
            }
        }
    }

    private static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
