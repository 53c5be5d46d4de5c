package dev.managedtokens.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The rules of docs/architecture.md, built from a module table so that they can be tried on small fixtures too. */
final class ModuleRules {

    private static final Pattern INTERNAL = Pattern.compile("(^|.*\\.)internal(\\..*|$)");

    private ModuleRules() {}

    /** Per module: its classes use no package of a module it may not depend on. */
    static List<ArchRule> allowedDependencies(ModuleTable table) {
        List<ArchRule> rules = new ArrayList<>();
        for (ModuleTable.Module module : table.modules().values()) {
            String[] forbidden = table.modules().values().stream()
                    .filter(other -> !other.name().equals(module.name()))
                    .filter(other -> !module.mayDependOn().contains(other.name()))
                    .map(other -> other.rootPackage() + "..")
                    .toArray(String[]::new);
            if (forbidden.length == 0) {
                continue;
            }
            rules.add(noClasses()
                    .that()
                    .resideInAPackage(module.rootPackage() + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden)
                    .as("module " + module.name() + " uses only "
                            + (module.mayDependOn().isEmpty()
                                    ? "itself"
                                    : "itself and "
                                            + String.join(
                                                    ", ",
                                                    module.mayDependOn().stream()
                                                            .sorted()
                                                            .toList())))
                    .allowEmptyShould(true));
        }
        return rules;
    }

    /** A dependency a cycle check leaves out: from the classes of a package to one class. */
    record Exception(String fromPackage, String toClass) {}

    /** No package depends on itself through others, except through the dependencies given. */
    static ArchRule noPackageCycles(String rootPackage, List<Exception> exceptions) {
        SliceRule rule = slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
        for (Exception e : exceptions) {
            rule = rule.ignoreDependency(
                    JavaClass.Predicates.resideInAPackage(e.fromPackage()), HasName.Predicates.name(e.toClass()));
        }
        return rule.as("no cycles between the packages under " + rootPackage);
    }

    /** A package named {@code internal} is used by its own module only. */
    static ArchRule internalPackagesStayInTheirModule(ModuleTable table) {
        return classes().should(new ArchCondition<JavaClass>("use no other module's internal package") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Optional<ModuleTable.Module> own = table.moduleOf(origin.getPackageName());
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target =
                            dependency.getTargetClass().getBaseComponentType().getPackageName();
                    if (!INTERNAL.matcher(target).matches()) {
                        continue;
                    }
                    Optional<ModuleTable.Module> theirs = table.moduleOf(target);
                    if (theirs.isPresent() && !theirs.equals(own)) {
                        events.add(SimpleConditionEvent.violated(
                                dependency,
                                dependency.getDescription() + ": " + target + " is internal to module "
                                        + theirs.get().name()));
                    }
                }
            }
        });
    }

    /** Modules over their budget of public top-level types, with what they have: empty when all are within. */
    static List<String> publicSurfaceOverBudget(ModuleTable table, JavaClasses imported) {
        Map<String, List<String>> publicTypes = new TreeMap<>();
        for (JavaClass c : imported) {
            if (c.isTopLevelClass()
                    && c.getModifiers().contains(JavaModifier.PUBLIC)
                    && !c.getSimpleName().equals("package-info")) {
                table.moduleOf(c.getPackageName())
                        .ifPresent(m -> publicTypes
                                .computeIfAbsent(m.name(), k -> new ArrayList<>())
                                .add(c.getName()));
            }
        }
        List<String> over = new ArrayList<>();
        for (ModuleTable.Module module : table.modules().values()) {
            List<String> types = publicTypes.getOrDefault(module.name(), List.of());
            if (types.size() > module.maxPublicTypes()) {
                over.add("module " + module.name() + " has " + types.size() + " public types, at most "
                        + module.maxPublicTypes() + " allowed: make the new ones package-private, or raise the"
                        + " number in docs/architecture.md and say why ("
                        + types.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        return over;
    }

    /** Classes outside every module's package, and modules without a class: empty when the table covers all. */
    static List<String> coverage(ModuleTable table, JavaClasses imported) {
        List<String> problems = new ArrayList<>();
        imported.stream()
                .filter(c -> table.moduleOf(c.getPackageName()).isEmpty())
                .map(c -> c.getName() + " is in no module's package (add its module to docs/architecture.md)")
                .sorted()
                .forEach(problems::add);
        for (ModuleTable.Module module : table.modules().values()) {
            if (imported.stream()
                    .noneMatch(c -> table.moduleOf(c.getPackageName()).equals(Optional.of(module)))) {
                problems.add("module " + module.name() + " has no class under " + module.rootPackage()
                        + " on the test's class path (add it to architecture/pom.xml)");
            }
        }
        return problems;
    }
}
