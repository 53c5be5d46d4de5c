package dev.managedtokens.tokenpush.run;

import dev.managedtokens.worker.push.ServicePushResult;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** The few lines a run prints at its end: per service OK or the step that failed and why, per node for pushes. */
public final class RunSummary {

    private RunSummary() {}

    public static void print(RunReport report, PrintWriter out) {
        long failed = report.failures().size();
        out.printf("token-push: %d service%s, %d succeeded, %d failed (%.1fs)%s%n", report.services().size(),
                report.services().size() == 1 ? "" : "s", report.services().size() - failed, failed,
                report.elapsed().toMillis() / 1000.0, modeNote(report.mode()));
        int width = report.services().stream().mapToInt(s -> s.service().configName().length()).max().orElse(10);
        for (ServiceOutcome s : report.services()) {
            String name = String.format("%-" + width + "s", s.service().configName());
            if (s.succeeded()) {
                out.println("  OK      " + name + "  " + successDetail(s));
                continue;
            }
            out.println("  FAILED  " + name + "  " + s.failedAt().orElseThrow().stageLabel() + ": " + s.reason());
            s.push().ifPresent(p -> printNodeFailures(p, width, out));
        }
        out.flush();
    }

    private static String successDetail(ServiceOutcome s) {
        if (s.push().isPresent()) {
            return "pushed to " + String.join(", ", s.push().get().succeededNodes())
                    + s.ping().filter(p -> !p.succeeded())
                            .map(p -> " (did not answer ping: " + String.join(", ", p.unpingableNodes()) + ")")
                            .orElse("");
        }
        if (!s.stores().isEmpty()) {
            return "vault token stored in " + s.stores().stream().map(r -> r.request().credd())
                    .collect(Collectors.joining(", "));
        }
        return "vault token obtained";
    }

    private static void printNodeFailures(ServicePushResult push, int width, PrintWriter out) {
        String indent = " ".repeat(width + 12);
        for (String node : push.failedNodes()) {
            out.println(indent + node + ": " + TokenPushRun.describePushFailures(push.failedVaultTokenPushes(node)));
        }
    }

    private static String modeNote(RunMode mode) {
        if (mode.test()) return " [test mode: nothing pinged or pushed]";
        if (mode.onboarding() && !mode.pushAfterOnboarding()) return " [onboarding: nothing pinged or pushed]";
        return "";
    }
}
