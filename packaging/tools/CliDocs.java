import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes the man pages (roff) and bash completion scripts of the managed-tokens commands from their picocli model.
 *
 * <p>Run with the source launcher and the application's jars on the class path (packaging/build does):
 * {@code java -cp 'token-push.jar:lib/*' CliDocs.java --out DIR --version V --date D --sections DIR
 * token-push=dev.managedtokens.tokenpush.TokenPushCommand ...}. A command class that is not on the class path is
 * reported on stderr and in {@code DIR/missing.txt}, and the others are still written. Roff is written directly (no
 * AsciiDoc tool chain): the model gives the name, synopsis, description, options, subcommands and exit statuses;
 * {@code <sections>/<command>.roff}, hand-written, adds FILES, ENVIRONMENT, EXAMPLES and SEE ALSO.
 */
public final class CliDocs {

    private final Path out;
    private final String version;
    private final String date;
    private final Path sections;

    private CliDocs(Path out, String version, String date, Path sections) {
        this.out = out;
        this.version = version;
        this.date = date;
        this.sections = sections;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                opts.put(args[i], args[++i]);
            } else {
                String[] nc = args[i].split("=", 2);
                commands.put(nc[0], nc[1]);
            }
        }
        CliDocs docs = new CliDocs(Path.of(opts.get("--out")), opts.get("--version"), opts.get("--date"),
                Path.of(opts.get("--sections")));
        Files.createDirectories(docs.out.resolve("man1"));
        Files.createDirectories(docs.out.resolve("completions"));
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> c : commands.entrySet()) {
            Class<?> cls;
            try {
                cls = Class.forName(c.getValue());
            } catch (ClassNotFoundException e) {
                System.err.println("CliDocs: " + c.getValue() + " is not in the jars: no man page or completion for "
                        + c.getKey());
                missing.add(c.getKey() + " " + c.getValue());
                continue;
            }
            CommandLine cl = new CommandLine(instantiate(cls), new ContextFactory());
            cl.setCommandName(c.getKey());
            docs.writeManPages(cl, c.getKey(), null);
            Files.writeString(docs.out.resolve("completions").resolve(c.getKey()), AutoComplete.bash(c.getKey(), cl));
            System.out.println("CliDocs: wrote man pages and completion for " + c.getKey());
        }
        Files.write(docs.out.resolve("missing.txt"), missing);
    }

    /**
     * The commands take a context record from their constructor (for tests); a no-argument constructor, or one
     * whose single parameter type has a static no-argument factory returning it (e.g. {@code system()}), is used.
     */
    static Object instantiate(Class<?> cls) throws ReflectiveOperationException {
        for (Constructor<?> k : cls.getDeclaredConstructors()) {
            if (k.getParameterCount() == 0) {
                k.setAccessible(true);
                return k.newInstance();
            }
        }
        for (Constructor<?> k : cls.getDeclaredConstructors()) {
            if (k.getParameterCount() == 1) {
                Object arg = factoryValue(k.getParameterTypes()[0]);
                if (arg != null) {
                    k.setAccessible(true);
                    return k.newInstance(arg);
                }
            }
        }
        throw new IllegalArgumentException(cls.getName() + ": no constructor CliDocs can call (none without"
                + " arguments, none taking one type with a static factory)");
    }

    private static Object factoryValue(Class<?> type) throws ReflectiveOperationException {
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0 && m.getReturnType() == type) {
                m.setAccessible(true);
                return m.invoke(null);
            }
        }
        return null;
    }

    /** Builds subcommands the way {@link #instantiate} builds the top commands. */
    private static final class ContextFactory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return CommandLine.defaultFactory().create(cls);
            } catch (Exception e) {
                return cls.cast(instantiate(cls));
            }
        }
    }

    private void writeManPages(CommandLine cl, String name, String parent) throws IOException {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder r = new StringBuilder();
        r.append(".\\\" Generated by packaging/tools/CliDocs.java from the picocli model of ")
                .append(spec.userObject().getClass().getName()).append("; do not edit.\n");
        r.append(".TH ").append(esc(name.toUpperCase())).append(" 1 \"").append(date).append("\" \"managed\\-tokens ")
                .append(esc(version)).append("\" \"Managed Tokens\"\n");
        // Identifiers (experiment_role, option names, paths) are neither hyphenated nor spread out by justification.
        r.append(".nh\n.ad l\n");
        String extra = parent == null ? readSections(name) : "";

        r.append(".SH NAME\n").append(esc(name)).append(" \\- ").append(esc(summary(spec, extra))).append('\n');

        r.append(".SH SYNOPSIS\n.B ").append(esc(name)).append('\n');
        for (OptionSpec o : visibleOptions(spec)) {
            r.append('[').append(optionNames(o, " ")).append("]\n");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                r.append("\\fI").append(esc(p.paramLabel())).append("\\fR").append(p.arity().max() > 1 ? "..." : "")
                        .append('\n');
            }
        }
        if (!visibleSubcommands(cl).isEmpty()) {
            r.append("[\\fICOMMAND\\fR]\n");
        }

        r.append(".SH DESCRIPTION\n");
        for (String paragraph : spec.usageMessage().description()) {
            r.append(".PP\n").append(text(paragraph)).append('\n');
        }

        r.append(".SH OPTIONS\n");
        for (OptionSpec o : visibleOptions(spec)) {
            r.append(".TP\n").append(optionNames(o, "=")).append('\n').append(text(description(o))).append('\n');
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (!p.hidden()) {
                r.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n").append(text(description(p)))
                        .append('\n');
            }
        }

        Map<String, CommandLine> subs = visibleSubcommands(cl);
        if (!subs.isEmpty()) {
            r.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> s : subs.entrySet()) {
                String[] d = s.getValue().getCommandSpec().usageMessage().description();
                r.append(".TP\n\\fB").append(esc(s.getKey())).append("\\fR\n")
                        .append(text(d.length == 0 ? "" : d[0])).append(" See \\fB")
                        .append(esc(name + "-" + s.getKey())).append("\\fR(1).\n");
            }
        }

        Map<String, String> exits = spec.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            r.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : exits.entrySet()) {
                r.append(".TP\n\\fB").append(esc(e.getKey().trim())).append("\\fR\n").append(text(e.getValue()))
                        .append('\n');
            }
        }

        r.append(stripSummary(extra));
        if (parent != null) {
            r.append(".SH SEE ALSO\n\\fB").append(esc(parent)).append("\\fR(1)\n");
        }
        Files.writeString(out.resolve("man1").resolve(name + ".1"), r.toString());

        for (Map.Entry<String, CommandLine> s : subs.entrySet()) {
            writeManPages(s.getValue(), name + "-" + s.getKey(), name);
        }
    }

    private String readSections(String name) throws IOException {
        Path f = sections.resolve(name + ".roff");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static final String SUMMARY = ".\\\" summary: ";

    /** The NAME line: the sections file's {@code .\" summary:} line, else the model's first sentence. */
    private static String summary(CommandSpec spec, String extra) {
        for (String line : extra.split("\n")) {
            if (line.startsWith(SUMMARY)) {
                return line.substring(SUMMARY.length()).trim();
            }
        }
        String[] d = spec.usageMessage().description();
        String first = d.length == 0 ? spec.name() : d[0].replace("%n", " ");
        int dot = first.indexOf(". ");
        return dot < 0 ? first.replaceAll("\\.$", "") : first.substring(0, dot);
    }

    private static String stripSummary(String extra) {
        StringBuilder b = new StringBuilder();
        for (String line : extra.split("\n", -1)) {
            if (!line.startsWith(SUMMARY)) {
                b.append(line).append('\n');
            }
        }
        return b.toString().strip().isEmpty() ? "" : b.toString().stripTrailing() + "\n";
    }

    private static List<OptionSpec> visibleOptions(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private static Map<String, CommandLine> visibleSubcommands(CommandLine cl) {
        Map<String, CommandLine> subs = new LinkedHashMap<>();
        Set<CommandLine> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, CommandLine> s : cl.getSubcommands().entrySet()) {
            CommandLine sub = s.getValue();
            if (!sub.getCommandSpec().usageMessage().hidden() && seen.add(sub)) {
                subs.put(sub.getCommandName(), sub);
            }
        }
        return subs;
    }

    /** {@code \fB-c\fR, \fB--configfile\fR=\fIFILE\fR}; with {@code sep} " " the synopsis form of the first name. */
    private static String optionNames(OptionSpec o, String sep) {
        boolean takesValue = o.arity().max() > 0;
        String label = takesValue ? sep + "\\fI" + esc(o.paramLabel()) + "\\fR" : "";
        if (sep.equals(" ")) {
            return "\\fB" + esc(o.shortestName()) + "\\fR" + label;
        }
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            names.add("\\fB" + esc(n) + "\\fR");
        }
        return String.join(", ", names) + label;
    }

    private static String description(ArgSpec a) {
        String d = String.join(" ", a.description());
        String def = a.defaultValue();
        if (def != null && !def.isEmpty() && !d.contains("${DEFAULT-VALUE}")) {
            d += " Default: " + def + ".";
        }
        return d;
    }

    /** One paragraph of model text as roff: %n breaks the line; no line may start with a control character. */
    private static String text(String s) {
        StringBuilder b = new StringBuilder();
        String[] lines = s.replace("%%", "%").split("%n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                b.append("\n.br\n");
            }
            String line = esc(lines[i].strip());
            b.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return b.toString();
    }

    /** Escapes roff: backslashes, and hyphens so that options and paths copy and paste as typed. */
    static String esc(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
