package dev.managedtokens.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every module's production classes against the module table of docs/architecture.md. */
class ModuleBoundariesTest {

    /**
     * The package cycles the code has today, each left out at the one edge that points the wrong way; listed
     * in docs/architecture.md. A new cycle, or a new use of these edges from another package, still fails.
     */
    private static final List<ModuleRules.Exception> KNOWN_CYCLES = List.of(
            // The run's mode and settings check name the command's --authmethod enum.
            new ModuleRules.Exception("dev.managedtokens.ferry.run", "dev.managedtokens.ferry.AuthMethod"),
            // The check subcommands read their command's context; the commands register them with picocli.
            new ModuleRules.Exception(
                    "dev.managedtokens.tokenpush.check", "dev.managedtokens.tokenpush.TokenPushContext"),
            new ModuleRules.Exception("dev.managedtokens.ferry.check", "dev.managedtokens.ferry.RefreshUidsContext"),
            new ModuleRules.Exception("dev.managedtokens.ferry.check", "dev.managedtokens.ferry.AuthMethod"));

    private static ModuleTable table;
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() throws Exception {
        table = ModuleTable.read(Path.of(System.getProperty("architecture.table", "../docs/architecture.md")));
        // Test classes, including the test-jars other modules share (core's HTTP receiver, db's sqlite3 helper),
        // are not production code.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.managedtokens");
    }

    @Test
    void everyClassBelongsToAModuleOfTheTableAndEveryModuleHasClasses() {
        assertEquals(List.of(), ModuleRules.coverage(table, production));
    }

    @Test
    void modulesUseOnlyTheModulesTheTableAllows() {
        for (ArchRule rule : ModuleRules.allowedDependencies(table)) {
            rule.check(production);
        }
    }

    @Test
    void noCyclesBetweenPackages() {
        ModuleRules.noPackageCycles("dev.managedtokens", KNOWN_CYCLES).check(production);
    }

    @Test
    void internalPackagesAreUsedOnlyInsideTheirModule() {
        ModuleRules.internalPackagesStayInTheirModule(table).check(production);
    }

    @Test
    void publicSurfacesStayWithinTheirBudgets() {
        assertEquals(List.of(), ModuleRules.publicSurfaceOverBudget(table, production));
    }
}
