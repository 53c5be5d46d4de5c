package dev.managedtokens.tokenpush.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.managedtokens.core.cli.ExitStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** What a check found: a compact table per service, or JSON for monitoring, and the exit status. */
record CheckReport(
        Instant started,
        Duration elapsed,
        Duration staleAfter,
        List<ServiceCheckResult> services,
        List<LinkResult> shared) {

    CheckReport {
        services = List.copyOf(services);
        shared = List.copyOf(shared);
    }

    Stream<LinkResult> allLinks() {
        return Stream.concat(services.stream().flatMap(s -> s.links().stream()), shared.stream());
    }

    Map<Verdict, Long> counts() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) counts.put(v, 0L);
        allLinks().forEach(l -> counts.merge(l.verdict(), 1L, Long::sum));
        return counts;
    }

    /** 0 when nothing failed or is stale, 3 otherwise; a skipped link changes nothing. */
    int exitStatus() {
        Map<Verdict, Long> c = counts();
        return c.get(Verdict.FAIL) + c.get(Verdict.WARN) == 0 ? ExitStatus.OK.code() : ExitStatus.SOME_FAILED.code();
    }

    String summaryLine(boolean unicode) {
        Map<Verdict, Long> c = counts();
        long total = c.values().stream().mapToLong(Long::longValue).sum();
        return services.size() + " service(s), " + total + " links: " + c.get(Verdict.OK) + " "
                + Verdict.OK.mark(unicode) + ", " + c.get(Verdict.WARN) + " " + Verdict.WARN.mark(unicode) + ", "
                + c.get(Verdict.FAIL) + " " + Verdict.FAIL.mark(unicode) + ", " + c.get(Verdict.SKIPPED)
                + " skipped, in " + String.format("%.1f", elapsed.toMillis() / 1000.0) + "s";
    }

    /** @param unicode whether the output can show ✓ and ✗ */
    void printTable(PrintWriter out, boolean unicode) {
        for (ServiceCheckResult s : services) {
            out.println(s.service() + "  (account " + s.account() + ", UID "
                    + (s.uid().isPresent() ? s.uid().getAsLong() : "?") + ")");
            printLinks(s.links(), out, unicode);
        }
        out.println("shared");
        printLinks(shared, out, unicode);
        out.println(summaryLine(unicode));
        out.flush();
    }

    private static void printLinks(List<LinkResult> links, PrintWriter out, boolean unicode) {
        int subjectWidth =
                links.stream().mapToInt(l -> l.subject().length()).max().orElse(0);
        subjectWidth = Math.max(1, Math.min(subjectWidth, 40));
        for (LinkResult l : links) {
            String text = switch (l.verdict()) {
                case OK -> l.figure();
                case SKIPPED -> "skipped: " + l.reason();
                case WARN, FAIL -> (l.figure().isEmpty() ? "" : l.figure() + " -- ") + l.reason();
            };
            out.println(("  " + l.verdict().mark(unicode) + " " + String.format("%-12s", l.link())
                            + String.format("%-" + subjectWidth + "s", l.subject()) + "  " + text)
                    .stripTrailing());
            if (!l.advice().isEmpty() && (l.verdict() == Verdict.FAIL || l.verdict() == Verdict.WARN)) {
                out.println("      what to do: " + l.advice());
            }
        }
    }

    void printJson(PrintWriter out) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("started", started.toString());
        root.put("durationSeconds", elapsed.toMillis() / 1000.0);
        root.put("staleAfterSeconds", staleAfter.toSeconds());
        root.put("exitStatus", exitStatus());
        ArrayNode svcs = root.putArray("services");
        for (ServiceCheckResult s : services) {
            ObjectNode n = svcs.addObject();
            n.put("service", s.service());
            n.put("serviceName", s.serviceName());
            n.put("account", s.account());
            if (s.uid().isPresent()) n.put("uid", s.uid().getAsLong());
            else n.putNull("uid");
            links(n.putArray("links"), s.links());
        }
        links(root.putArray("shared"), shared);
        ObjectNode counts = root.putObject("counts");
        counts().forEach((v, c) -> counts.put(v.word(), c));
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static void links(ArrayNode array, List<LinkResult> links) {
        for (LinkResult l : links) {
            ObjectNode n = array.addObject();
            n.put("link", l.link());
            n.put("subject", l.subject());
            n.put("verdict", l.verdict().word());
            n.put("figure", l.figure());
            n.put("reason", l.reason());
            n.put("advice", l.advice());
            if (!l.files().isEmpty()) {
                ArrayNode files = n.putArray("files");
                for (FileState f : l.files()) {
                    ObjectNode fn = files.addObject();
                    fn.put("path", f.path());
                    fn.put("present", f.present());
                    if (f.present()) {
                        fn.put("uid", f.uid());
                        if (!f.owner().isEmpty()) fn.put("owner", f.owner());
                        fn.put("mode", String.format("%04o", f.mode()));
                        fn.put("size", f.size());
                        fn.put("mtimeEpochSecond", f.mtimeEpochSecond());
                        fn.put("ageSeconds", f.ageSeconds());
                    }
                }
            }
        }
    }

    /** Per service and node, the age of the older of the two token files, for the freshness metric. */
    List<NodeTokenAge> nodeTokenAges() {
        List<NodeTokenAge> ages = new ArrayList<>();
        for (ServiceCheckResult s : services) {
            for (LinkResult l : s.links()) {
                if (!l.link().equals("node") || l.files().isEmpty()) continue;
                List<FileState> tokens = l.files().stream()
                        .filter(f -> f.path().matches(".*/vt_u\\d+(-.*)?"))
                        .toList();
                if (tokens.isEmpty() || tokens.stream().anyMatch(f -> !f.present())) continue;
                long oldest =
                        tokens.stream().mapToLong(FileState::ageSeconds).max().orElse(0);
                ages.add(new NodeTokenAge(s.serviceName(), l.subject(), oldest));
            }
        }
        return ages;
    }

    /** @param service the service name {@code <experiment>_<role>}, as the run's metrics label it */
    record NodeTokenAge(String service, String node, long ageSeconds) {}
}
