package dev.managedtokens.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each rule fails on the fixture that breaks it: module b (fixture.b) reaches into a's internal package, and a
 * (fixture.a) uses b although the fixture's table only lets b use a, closing a cycle between their packages.
 */
class ModuleRulesTest {

    private static final String ROOT = "dev.managedtokens.architecture.fixture";
    private static final JavaClasses FIXTURE = new ClassFileImporter().importPackages(ROOT);

    private static ModuleTable table(int budgetOfA) {
        return new ModuleTable(Map.of(
                "a", new ModuleTable.Module("a", ROOT + ".a", Set.of(), budgetOfA),
                "b", new ModuleTable.Module("b", ROOT + ".b", Set.of("a"), 1)));
    }

    @Test
    void aForbiddenModuleDependencyFails() {
        List<ArchRule> rules = ModuleRules.allowedDependencies(table(9));
        assertEquals(1, rules.size(), "only a has a module it may not use");
        AssertionError e = assertThrows(AssertionError.class, () -> rules.get(0).check(FIXTURE));
        assertTrue(e.getMessage().contains("Backward") && e.getMessage().contains("Intruder"), e.getMessage());
    }

    @Test
    void aPackageCycleFails() {
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> ModuleRules.noPackageCycles(ROOT, List.of()).check(FIXTURE));
        assertTrue(e.getMessage().contains("Cycle"), e.getMessage());
        // Leaving out the one edge from b back to a breaks the cycle; leaving out another edge does not.
        ModuleRules.noPackageCycles(ROOT, List.of(new ModuleRules.Exception(ROOT + ".b", ROOT + ".a.Owner")))
                .check(FIXTURE);
        assertThrows(
                AssertionError.class,
                () -> ModuleRules.noPackageCycles(
                                ROOT, List.of(new ModuleRules.Exception(ROOT + ".b", ROOT + ".a.internal.Hidden")))
                        .check(FIXTURE));
    }

    @Test
    void anotherModulesInternalPackageFailsAndTheOwnOneDoesNot() {
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> ModuleRules.internalPackagesStayInTheirModule(table(9)).check(FIXTURE));
        assertTrue(
                e.getMessage().contains("Intruder") && e.getMessage().contains("internal to module a"), e.getMessage());
        assertTrue(!e.getMessage().contains("Owner.hidden"), "a may use its own internal package: " + e.getMessage());
    }

    @Test
    void aModuleOverItsPublicBudgetIsNamedWithItsTypes() {
        assertEquals(List.of(), ModuleRules.publicSurfaceOverBudget(table(3), FIXTURE));
        List<String> over = ModuleRules.publicSurfaceOverBudget(table(2), FIXTURE);
        assertEquals(1, over.size(), over.toString());
        assertTrue(over.get(0).startsWith("module a has 3 public types, at most 2"), over.get(0));
    }

    @Test
    void classesOutsideTheTableAndModulesWithoutClassesAreNamed() {
        ModuleTable onlyA = new ModuleTable(Map.of(
                "a", new ModuleTable.Module("a", ROOT + ".a", Set.of(), 9),
                "c", new ModuleTable.Module("c", ROOT + ".c", Set.of(), 9)));
        List<String> problems = ModuleRules.coverage(onlyA, FIXTURE);
        assertTrue(
                problems.contains(
                        ROOT + ".b.Intruder is in no module's package (add its module to" + " docs/architecture.md)"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("module c has no class")), problems.toString());
    }

    @Test
    void theTableIsReadFromTheDocumentAndChecked(@TempDir Path dir) throws Exception {
        Path doc = dir.resolve("architecture.md");
        Files.writeString(doc, """
                # Title
                ## Modules
                | module | package | job | may depend on | public types (at most) |
                |---|---|---|---|---|
                | `a` | `p.a` | the bottom | – | 3 |
                | `b` | `p.b` | above a | `a` | 4 |
                ## Rules
                | `c` | `p.c` | not in the table's section | – | 1 |
                """);
        ModuleTable read = ModuleTable.read(doc);
        assertEquals(Set.of("a", "b"), read.modules().keySet());
        assertEquals(
                new ModuleTable.Module("b", "p.b", Set.of("a"), 4),
                read.modules().get("b"));
        assertEquals("a", read.moduleOf("p.a.internal").orElseThrow().name());
        assertTrue(read.moduleOf("p.ab").isEmpty(), "p.ab is not under p.a");

        Files.writeString(doc, "## Modules\n| `a` | `p.a` | x | `z` | 1 |\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ModuleTable.read(doc));
        assertTrue(e.getMessage().contains("'z', which is not a module of the table"), e.getMessage());
    }
}
