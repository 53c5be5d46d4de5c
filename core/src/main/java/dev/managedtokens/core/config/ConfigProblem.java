package dev.managedtokens.core.config;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * One problem in the configuration file, with where it is, which key, what is wrong and what to do. {@link #render()}
 * gives the one line an operator sees: {@code file:line:column: key.path: what is wrong; what to do}.
 *
 * <p>Severity rule: an {@link Severity#ERROR} is something the Go service would refuse or crash on, or a value whose
 * meaning is lost so that a service would silently do the wrong thing (a wrong type, an unparsable template or option
 * string, an unaddressable role name, stage timeouts above the global timeout). A {@link Severity#WARNING} is
 * something the Go service tolerates with a documented fallback that keeps services working: an unknown key, an
 * unparsable duration (the default is kept), an impossible retry budget (retries off for that worker type), an unknown
 * template field (that one service fails at set-up), an unknown {@code tokenGetterOverride}. Start-up refuses to run
 * on errors and logs warnings.
 */
public record ConfigProblem(
        Path file, int line, int column, String keyPath, Severity severity, String problem, String fix) {

    public enum Severity {
        ERROR,
        WARNING
    }

    /** Sorts problems as they appear in the file. */
    public static final Comparator<ConfigProblem> IN_FILE_ORDER = Comparator.comparingInt(ConfigProblem::line)
            .thenComparingInt(ConfigProblem::column)
            .thenComparing(ConfigProblem::keyPath);

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: key.path: what is wrong; what to do}, with {@code warning: } before a warning's text. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(file).append(':').append(line).append(':').append(column).append(": ");
        if (!keyPath.isEmpty()) {
            out.append(keyPath).append(": ");
        }
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        out.append(problem);
        if (!fix.isEmpty()) {
            out.append("; ").append(fix);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return render();
    }

    /** A problem before the file name is attached. */
    record Draft(Location location, String keyPath, Severity severity, String problem, String fix) {
        ConfigProblem in(Path file) {
            return new ConfigProblem(file, location.line(), location.column(), keyPath, severity, problem, fix);
        }
    }
}
