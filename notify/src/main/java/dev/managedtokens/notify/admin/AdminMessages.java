package dev.managedtokens.notify.admin;

import dev.managedtokens.notify.text.ErrorTable;
import dev.managedtokens.notify.text.GoTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.SortedMap;

/**
 * The admin email (full form: per service key, sorted, its setup errors and a push-error table) and the Slack text
 * (abridged form: one flat list), with the Go service's {@code adminErrors} template's fixed sentences and blank
 * lines (docs/notifications.md, "The messages"). Orders the Go service leaves random are sorted here.
 */
public final class AdminMessages {

    /** The Slack text of a {@code --test} run in which nothing failed. */
    public static final String TEST_SUCCESS = "Test run completed successfully";

    private static final String LAST_LINE = "Please look at the logs for more details.\n";

    private AdminMessages() {}

    /** {@code Managed Tokens Errors <RFC822>}, timed at the start of the run. */
    public static String subject(ZonedDateTime runStarted) {
        return "Managed Tokens Errors " + GoTime.rfc822(runStarted);
    }

    /** The email body. */
    public static String full(
            String operation, ZonedDateTime preparedAt, SortedMap<String, AdminErrors.KeyErrors> errors) {
        StringBuilder out = new StringBuilder(firstLine(operation, preparedAt)).append("\n\n\n");
        errors.forEach((key, e) -> {
            out.append(key).append('\n');
            if (!e.setupErrors().isEmpty()) {
                out.append("Setup errors:\n");
                e.setupErrors().forEach(m -> out.append('\n').append(m).append('\n'));
                out.append('\n');
            }
            out.append("\n\n\n");
            if (!e.pushErrors().isEmpty()) {
                out.append("Processing errors:\n")
                        .append(ErrorTable.pushErrors(e.pushErrors()))
                        .append("\n\n\n");
            }
        });
        return out.append("\n\n").append(LAST_LINE).append("\n\n").toString();
    }

    /** The Slack text: {@code <key>: <message>} and {@code <key>@<node>: <message>} lines behind a bullet. */
    public static String abridged(
            String operation, ZonedDateTime preparedAt, SortedMap<String, AdminErrors.KeyErrors> errors) {
        StringBuilder setup = new StringBuilder();
        StringBuilder push = new StringBuilder();
        errors.forEach((key, e) -> {
            e.setupErrors().forEach(m -> bullet(setup, key + ": " + m));
            for (Map.Entry<String, String> p : e.pushErrors().entrySet()) {
                bullet(push, key + "@" + p.getKey() + ": " + p.getValue());
            }
        });
        StringBuilder out = new StringBuilder(firstLine(operation, preparedAt)).append("\n\n");
        if (!setup.isEmpty()) {
            out.append("Setup errors:\n").append(setup).append('\n');
        }
        out.append("\n\n\n");
        if (!push.isEmpty()) {
            out.append("Processing errors:\n").append(push).append("\n\n\n");
        }
        return out.append('\n').append(LAST_LINE).append("\n\n").toString();
    }

    private static String firstLine(String operation, ZonedDateTime preparedAt) {
        return "The following errors were reported by the Managed Tokens service at " + GoTime.rfc822(preparedAt)
                + " while performing operation " + operation + ":\n";
    }

    private static void bullet(StringBuilder out, String text) {
        out.append("\n    \u2022 ").append(text).append('\n');
    }
}
