package dev.managedtokens.core.config;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code path.Join} and {@code path.Clean}, so keytab paths come out character for character as in the Go service. */
final class GoPath {

    private GoPath() {}

    static String join(String... elements) {
        List<String> nonEmpty = new ArrayList<>();
        for (String e : elements) {
            if (!e.isEmpty()) {
                nonEmpty.add(e);
            }
        }
        return nonEmpty.isEmpty() ? "" : clean(String.join("/", nonEmpty));
    }

    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                    out.remove(out.size() - 1);
                } else if (!rooted) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
