package dev.managedtokens.notify.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The push-error table of both emails (docs/notifications.md, "The messages"): the help sentence, a blank line, then
 * the rows rendered as olekukonko/tablewriter v0.0.5 renders a borderless table with header {@code Node, Error} and
 * default options, so the bytes match the Go service's. Rows come out in the map's iteration order (the Go service's is
 * random; callers pass a sorted map).
 */
public final class ErrorTable {

    public static final String PUSH_ERRORS_HELP = "The following is a list of nodes on which all vault tokens were not"
            + " refreshed, and the corresponding roles for those failed token refreshes:";

    /** tablewriter's MAX_ROW_WIDTH: cells are wrapped to at most this many columns. */
    private static final int MAX_CELL_WIDTH = 30;
    /** tablewriter's penalty for a line longer than the limit. */
    private static final int LONG_LINE_PENALTY = 100_000;
    /**
     * tablewriter right-aligns a cell line that looks like a number. Its percentage pattern ({@code ^-?\d+\.?\d*$%$})
     * can never match, so only this one counts.
     */
    private static final Pattern DECIMAL = Pattern.compile("^-?(?:\\d{1,3}(?:,\\d{3})*|\\d+)(\\.\\d+)?$");

    private ErrorTable() {}

    /** The push-error table with its help sentence; the empty string for no rows. */
    public static String pushErrors(Map<String, String> messageByNode) {
        return render(messageByNode, PUSH_ERRORS_HELP, List.of("Node", "Error"));
    }

    /** The Go service's {@code PrepareTableStringFromMap}: help text, two newlines, the table; "" for an empty map. */
    static String render(Map<String, String> rows, String helpText, List<String> header) {
        if (rows.isEmpty()) {
            return "";
        }
        int columns = 2;
        int[] widths = new int[columns];
        List<List<String>> headerCells = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            headerCells.add(cellLines(c < header.size() ? header.get(c) : "", c, widths));
        }
        List<List<List<String>>> body = new ArrayList<>();
        rows.forEach((key, value) -> body.add(List.of(cellLines(key, 0, widths), cellLines(value, 1, widths))));

        StringBuilder out = new StringBuilder(helpText).append("\n\n");
        appendHeading(out, headerCells, widths);
        for (List<List<String>> row : body) {
            appendRow(out, row, widths);
        }
        return out.toString();
    }

    /** tablewriter's parseDimension: wraps the cell and widens the column to fit. */
    private static List<String> cellLines(String text, int column, int[] widths) {
        String[] raw = text.split("\n", -1);
        int maxWidth = 0;
        for (String line : raw) {
            maxWidth = Math.max(maxWidth, DisplayWidth.of(line));
        }
        maxWidth = Math.min(maxWidth, MAX_CELL_WIDTH);
        // Reflow: the cell becomes one paragraph.
        List<String> lines = wrap(String.join(" ", raw), maxWidth);
        int newMaxWidth = maxWidth;
        for (String line : lines) {
            newMaxWidth = Math.max(newMaxWidth, DisplayWidth.of(line));
        }
        if (widths[column] < newMaxWidth || widths[column] == 0) {
            widths[column] = newMaxWidth;
        }
        return lines;
    }

    /** tablewriter's WrapString: minimum-raggedness word wrap; a word longer than the limit raises the limit. */
    static List<String> wrap(String text, int limit) {
        String[] words = text.replace("\n", " ").split(" ", -1);
        int lim = limit;
        for (String word : words) {
            lim = Math.max(lim, DisplayWidth.of(word));
        }
        List<String> lines = new ArrayList<>();
        for (List<String> line : wrapWords(words, lim)) {
            lines.add(String.join(" ", line));
        }
        return lines;
    }

    private static List<List<String>> wrapWords(String[] words, int lim) {
        int n = words.length;
        long[][] length = new long[n][n];
        for (int i = 0; i < n; i++) {
            length[i][i] = DisplayWidth.of(words[i]);
            for (int j = i + 1; j < n; j++) {
                length[i][j] = length[i][j - 1] + 1 + DisplayWidth.of(words[j]);
            }
        }
        int[] nextBreak = new int[n];
        long[] cost = new long[n];
        Arrays.fill(cost, Integer.MAX_VALUE);
        for (int i = n - 1; i >= 0; i--) {
            if (length[i][n - 1] <= lim) {
                cost[i] = 0;
                nextBreak[i] = n;
            } else {
                for (int j = i + 1; j < n; j++) {
                    long d = lim - length[i][j - 1];
                    long c = d * d + cost[j];
                    if (length[i][j - 1] > lim) {
                        c += LONG_LINE_PENALTY;
                    }
                    if (c < cost[i]) {
                        cost[i] = c;
                        nextBreak[i] = j;
                    }
                }
            }
        }
        List<List<String>> lines = new ArrayList<>();
        for (int i = 0; i < n; i = nextBreak[i]) {
            lines.add(Arrays.asList(words).subList(i, nextBreak[i]));
        }
        return lines;
    }

    private static void appendHeading(StringBuilder out, List<List<String>> headerCells, int[] widths) {
        int height = headerCells.stream().mapToInt(List::size).max().orElse(0);
        for (int x = 0; x < height; x++) {
            out.append(' ');
            for (int y = 0; y < widths.length; y++) {
                String h = x < headerCells.get(y).size() ? headerCells.get(y).get(x) : "";
                String separator = y == widths.length - 1 ? " " : "|";
                out.append(' ').append(center(title(h), widths[y])).append(' ').append(separator);
            }
            out.append('\n');
        }
        // Without borders the rule under the header keeps only its inner '+' characters; the outer ones become dashes.
        int last = widths.length - 1;
        for (int y = 0; y <= last; y++) {
            if (y > 0) {
                out.append('+');
            }
            out.append("-".repeat(widths[y] + 2 + (y == 0 ? 1 : 0) + (y == last ? 1 : 0)));
        }
        out.append('\n');
    }

    private static void appendRow(StringBuilder out, List<List<String>> cells, int[] widths) {
        int height = cells.stream().mapToInt(List::size).max().orElse(0);
        for (int x = 0; x < height; x++) {
            for (int y = 0; y < widths.length; y++) {
                out.append(y == 0 ? ' ' : '|').append(' ');
                List<String> lines = cells.get(y);
                // tablewriter fills missing lines of a shorter cell with two spaces before padding.
                String line = x < lines.size() ? lines.get(x) : "  ";
                out.append(
                        DECIMAL.matcher(line.strip()).matches() ? padLeft(line, widths[y]) : padRight(line, widths[y]));
                out.append(' ');
            }
            out.append(' ').append('\n');
        }
    }

    /** tablewriter's Title: {@code _} becomes a space, dots between non-digits too, trimmed, upper-cased. */
    static String title(String name) {
        char[] rs = name.toCharArray();
        for (int i = 0; i < rs.length; i++) {
            if (rs[i] == '_') {
                rs[i] = ' ';
            } else if (rs[i] == '.') {
                boolean prevNotNum = i != 0 && !isNumOrSpace(rs[i - 1]);
                boolean nextNotNum = i != rs.length - 1 && !isNumOrSpace(rs[i + 1]);
                if (prevNotNum || nextNotNum) {
                    rs[i] = ' ';
                }
            }
        }
        String trimmed = new String(rs).strip();
        if (trimmed.isEmpty() && !name.isEmpty()) {
            trimmed = " ";
        }
        return trimmed.toUpperCase(Locale.ROOT);
    }

    private static boolean isNumOrSpace(char c) {
        return (c >= '0' && c <= '9') || c == ' ';
    }

    private static String center(String s, int width) {
        int gap = width - DisplayWidth.of(s);
        if (gap <= 0) {
            return s;
        }
        int left = gap / 2;
        return " ".repeat(left) + s + " ".repeat(gap - left);
    }

    private static String padRight(String s, int width) {
        int gap = width - DisplayWidth.of(s);
        return gap > 0 ? s + " ".repeat(gap) : s;
    }

    private static String padLeft(String s, int width) {
        int gap = width - DisplayWidth.of(s);
        return gap > 0 ? " ".repeat(gap) + s : s;
    }
}
