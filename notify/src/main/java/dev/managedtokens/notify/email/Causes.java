package dev.managedtokens.notify.email;

import java.util.ArrayList;
import java.util.List;

/** One line out of an exception and its causes, each distinct message once. */
final class Causes {

    private Causes() {}

    static String oneLine(Throwable error) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = error; t != null && parts.size() < 6; t = t.getCause()) {
            String text = (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())
                    .replaceAll("\\s+", " ")
                    .strip();
            if (parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(text);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts);
    }
}
