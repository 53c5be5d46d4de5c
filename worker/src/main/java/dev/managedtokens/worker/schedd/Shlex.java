package dev.managedtokens.worker.schedd;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into words the way the Go service's {@code google/shlex} does: blanks separate words, single
 * quotes are literal, double quotes and backslashes escape, {@code #} at the start of a word begins a comment.
 */
final class Shlex {

    private Shlex() {}

    /** @throws IllegalArgumentException for an unbalanced quote or a trailing backslash */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!inWord && c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\\') {
                if (i + 1 >= text.length()) throw new IllegalArgumentException("EOF found after escape character");
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("EOF found when expecting closing quote");
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) throw new IllegalArgumentException("EOF found when expecting closing quote");
                    char q = text.charAt(i);
                    if (q == '"') {
                        i++;
                        break;
                    }
                    if (q == '\\') {
                        if (i + 1 >= text.length()) {
                            throw new IllegalArgumentException("EOF found when expecting closing quote");
                        }
                        word.append(text.charAt(i + 1));
                        i += 2;
                    } else {
                        word.append(q);
                        i++;
                    }
                }
            } else {
                word.append(c);
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        return words;
    }
}
