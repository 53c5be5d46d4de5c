package dev.managedtokens.core.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a name from the configuration may look like before it becomes a program's operand or part of a file name.
 * The configuration validator applies these rules once, to every name, and reports a broken one with its place in
 * the file; the argument builders and path builders use {@link #requireNotOption} and {@link #childOf} only as a
 * second line of defence, so that a name that somehow skipped validation still cannot become an option or leave its
 * directory.
 *
 * <ul>
 *   <li>Account: a POSIX user name as useradd accepts it: a lower-case letter or {@code _}, then lower-case letters,
 *       digits, {@code _ . -}, optionally ending in {@code $}; at most {@value #MAX_ACCOUNT_LENGTH} characters.</li>
 *   <li>Node: a host name (RFC 1123): dot-separated labels of letters, digits and inner {@code -}, each at most 63
 *       characters, at most {@value #MAX_HOST_LENGTH} in all. IPv4 addresses fit this; IPv6 literals do not (rsync's
 *       {@code user@host:path} would need brackets).</li>
 *   <li>Experiment, role and experiment override: one file-name part: not empty, at most
 *       {@value #MAX_NAME_PART_LENGTH} characters, no {@code /}, no {@code ..}, no leading {@code -}, no white space
 *       or control characters.</li>
 * </ul>
 */
public final class NameRules {

    /** useradd's limit, and the width of utmp's user field. */
    public static final int MAX_ACCOUNT_LENGTH = 32;

    /** RFC 1123's limit for a whole host name. */
    public static final int MAX_HOST_LENGTH = 253;

    /** Keeps {@code vt_u<uid>-<experiment>_<role>}, and a credd in it, inside a 255-byte file name. */
    public static final int MAX_NAME_PART_LENGTH = 64;

    private static final Pattern ACCOUNT = Pattern.compile("[a-z_][a-z0-9_.-]*\\$?");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    private NameRules() {}

    /** Why {@code account} is not a usable UNIX user name, or empty when it is. */
    public static Optional<String> accountProblem(String account) {
        if (account.isEmpty()) {
            return Optional.of("\"\" is empty");
        }
        if (account.startsWith("-")) {
            return Optional.of(
                    "\"" + printable(account) + "\" starts with \"-\", so programs would read it as an option");
        }
        if (account.length() > MAX_ACCOUNT_LENGTH) {
            return Optional.of("\"" + printable(account) + "\" is longer than " + MAX_ACCOUNT_LENGTH + " characters");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            return Optional.of("\"" + printable(account) + "\" is not a UNIX user name (a lower-case letter or _,"
                    + " then lower-case letters, digits, _, . or -, optionally ending in $)");
        }
        return Optional.empty();
    }

    /** Why {@code node} is not a usable host name, or empty when it is. */
    public static Optional<String> hostProblem(String node) {
        if (node.isEmpty()) {
            return Optional.of("\"\" is empty");
        }
        if (node.startsWith("-")) {
            return Optional.of(
                    "\"" + printable(node) + "\" starts with \"-\", so ssh or ping would read it as an option");
        }
        if (node.length() > MAX_HOST_LENGTH) {
            return Optional.of("\"" + printable(node) + "\" is longer than " + MAX_HOST_LENGTH + " characters");
        }
        for (String label : node.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return Optional.of("\"" + printable(node) + "\" is not a host name (dot-separated labels of letters,"
                        + " digits and inner -, each 1 to 63 characters)");
            }
        }
        return Optional.empty();
    }

    /** Why {@code name} cannot be part of a file name, or empty when it can. */
    public static Optional<String> fileNamePartProblem(String name) {
        return fileNamePartProblem(name, MAX_NAME_PART_LENGTH);
    }

    /**
     * As {@link #fileNamePartProblem(String)} with another length limit: a schedd's name is a host name, often
     * with {@code name@} in front, and may be longer than a configured name.
     */
    public static Optional<String> fileNamePartProblem(String name, int maxLength) {
        if (name.isEmpty()) {
            return Optional.of("\"\" is empty");
        }
        if (name.startsWith("-")) {
            return Optional.of("\"" + printable(name) + "\" starts with \"-\", so programs would read it as an option");
        }
        if (name.length() > maxLength) {
            return Optional.of("\"" + printable(name) + "\" is longer than " + maxLength + " characters");
        }
        if (name.contains("/") || name.contains("..")) {
            return Optional.of("\"" + printable(name) + "\" contains \"/\" or \"..\", so the file names built from it"
                    + " would leave their directory");
        }
        if (name.codePoints()
                .anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c))) {
            return Optional.of("\"" + printable(name) + "\" contains white space or a control character");
        }
        return Optional.empty();
    }

    /**
     * {@code dir/fileName}, refused when the result would not be a direct child of {@code dir} (a {@code /} or
     * {@code ..} in the name, or an absolute name).
     *
     * @throws IllegalArgumentException naming the directory and the name
     */
    public static Path childOf(Path dir, String fileName) {
        Path child = dir.resolve(fileName);
        Path normalizedDir = dir.normalize();
        if (fileName.isEmpty()
                || fileName.equals(".")
                || fileName.contains("/")
                || fileName.contains("\0")
                || !normalizedDir.equals(child.normalize().getParent())) {
            throw new IllegalArgumentException("\"" + printable(fileName) + "\" would leave " + dir
                    + " as a file name; the configuration validator should have refused the name it came from");
        }
        return child;
    }

    /**
     * {@code value}, refused when it starts with {@code -}: the last guard for an operand passed to a program that
     * cannot be told where its options end.
     *
     * @param what names the value in the message, e.g. {@code "the node"}
     * @throws IllegalArgumentException naming the value
     */
    public static String requireNotOption(String what, String value) {
        if (value.startsWith("-")) {
            throw new IllegalArgumentException(what + " \"" + printable(value) + "\" starts with \"-\" and would be"
                    + " read as an option; the configuration validator should have refused it");
        }
        return value;
    }

    /** The name with control characters shown as {@code \\uXXXX}, so a message stays on one line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
