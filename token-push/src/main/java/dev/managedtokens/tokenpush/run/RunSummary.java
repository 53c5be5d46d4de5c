package dev.managedtokens.tokenpush.run;

import dev.managedtokens.tokenpush.plan.RunMode;
import java.io.PrintWriter;
import java.util.Optional;

/** The few lines a run prints at its end: per service OK or the step that failed and why, per node for pushes. */
public final class RunSummary {

    private RunSummary() {}

    public static void print(RunReport report, PrintWriter out) {
        long failed = report.failures().size();
        out.printf(
                "token-push: %d service%s, %d succeeded, %d failed (%.1fs)%s%n",
                report.services().size(),
                report.services().size() == 1 ? "" : "s",
                report.services().size() - failed,
                failed,
                report.elapsed().toMillis() / 1000.0,
                modeNote(report.mode()));
        int width = report.services().stream()
                .mapToInt(s -> s.service().configName().length())
                .max()
                .orElse(10);
        for (ServiceOutcome s : report.services()) {
            String name = String.format("%-" + width + "s", s.service().configName());
            if (s.succeeded()) {
                out.println("  OK      " + name + "  " + successDetail(s));
                continue;
            }
            out.println("  FAILED  " + name + "  " + s.failedAt().orElseThrow().stageLabel() + ": " + s.reason());
            String indent = " ".repeat(width + 12);
            s.failedStep().ifPresent(step -> step.failureDetails().forEach(line -> out.println(indent + line)));
        }
        out.flush();
    }

    /** What the last step with something to say says, e.g. "pushed to n1, n2". */
    private static String successDetail(ServiceOutcome s) {
        for (int i = s.steps().size() - 1; i >= 0; i--) {
            Optional<String> detail = s.steps().get(i).successDetail();
            if (detail.isPresent()) return detail.get();
        }
        return "vault token obtained";
    }

    private static String modeNote(RunMode mode) {
        if (mode.test()) return " [test mode: nothing pinged or pushed]";
        if (mode.onboarding() && !mode.pushAfterOnboarding()) return " [onboarding: nothing pinged or pushed]";
        return "";
    }
}
