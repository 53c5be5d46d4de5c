package dev.managedtokens.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module table of docs/architecture.md, read from the document itself so that the document and the check
 * cannot drift apart.
 */
record ModuleTable(Map<String, Module> modules) {

    /** One row: the module, its root package, the modules it may use and its budget of public types. */
    record Module(String name, String rootPackage, Set<String> mayDependOn, int maxPublicTypes) {}

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    static ModuleTable read(Path document) throws IOException {
        List<String> lines = Files.readAllLines(document);
        Map<String, Module> modules = new LinkedHashMap<>();
        boolean inModules = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inModules = line.equals("## Modules");
                continue;
            }
            if (!inModules || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (cells.length < 6) {
                throw new IllegalStateException(document + ": a module row needs five columns: " + line);
            }
            String name = only(cells[1], document, line);
            String rootPackage = only(cells[2], document, line);
            Set<String> mayDependOn = Set.copyOf(codes(cells[4]));
            int budget;
            try {
                budget = Integer.parseInt(cells[5].strip());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(document + ": the last column must be a number: " + line, e);
            }
            modules.put(name, new Module(name, rootPackage, mayDependOn, budget));
        }
        if (modules.isEmpty()) {
            throw new IllegalStateException(document + " has no module table under '## Modules'");
        }
        for (Module m : modules.values()) {
            for (String dependency : m.mayDependOn()) {
                if (!modules.containsKey(dependency)) {
                    throw new IllegalStateException(document + ": " + m.name() + " may depend on '" + dependency
                            + "', which is not a module of the table");
                }
            }
        }
        return new ModuleTable(Map.copyOf(modules));
    }

    /** The module whose root package holds this package, if any. */
    Optional<Module> moduleOf(String packageName) {
        return modules.values().stream()
                .filter(m -> packageName.equals(m.rootPackage()) || packageName.startsWith(m.rootPackage() + "."))
                .findFirst();
    }

    private static String only(String cell, Path document, String line) {
        List<String> codes = codes(cell);
        if (codes.size() != 1) {
            throw new IllegalStateException(document + ": expected one `name` in '" + cell.strip() + "': " + line);
        }
        return codes.get(0);
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher m = CODE.matcher(cell);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }
}
