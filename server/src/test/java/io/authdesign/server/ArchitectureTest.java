package io.authdesign.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URI;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the library's modules, checked on their compiled classes: no package cycle, core
 * depends on no adapter, store module or server, and a module's non-exported packages are used only inside
 * that module. The modules and their exports are read from their own {@code module-info.class}.
 */
class ArchitectureTest {

    /** A library module as its descriptor and its classes describe it. */
    private record LibraryModule(String name, Set<String> packages, Set<String> exported) {
        Set<String> hidden() {
            Set<String> hidden = new TreeSet<>(packages);
            hidden.removeAll(exported);
            return hidden;
        }
    }

    private static final Map<String, LibraryModule> MODULES = new LinkedHashMap<>();
    private static JavaClasses all;

    @BeforeAll
    static void importModules() throws IOException {
        for (URL url : Collections.list(ArchitectureTest.class.getClassLoader().getResources("module-info.class"))) {
            ModuleDescriptor descriptor;
            try (InputStream in = url.openStream()) {
                descriptor = ModuleDescriptor.read(in);
            }
            if (!descriptor.name().startsWith("io.authdesign.")) {
                continue;
            }
            String text = url.toString();
            URI root = URI.create(text.substring(0, text.length() - "module-info.class".length()));
            JavaClasses classes = new ClassFileImporter().importLocations(Set.of(Location.of(root)));
            Set<String> packages = classes.stream()
                    .map(JavaClass::getPackageName)
                    .filter(name -> !name.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> exported = descriptor.exports().stream()
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toCollection(TreeSet::new));
            MODULES.put(descriptor.name(), new LibraryModule(descriptor.name(), packages, exported));
        }
        all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.authdesign");
    }

    @Test
    void libraryModulesThenFoundWithTheirExports() {
        assertThat(MODULES.keySet())
                .contains("io.authdesign.core", "io.authdesign.javalin", "io.authdesign.jdbc", "io.authdesign.redis");
        assertThat(MODULES.get("io.authdesign.core").hidden()).containsExactly("io.authdesign.internal");
        assertThat(MODULES.get("io.authdesign.core").exported()).contains("io.authdesign.token", "io.authdesign.flow");
    }

    @Test
    void packagesThenFreeOfCycles() {
        slices().matching("io.authdesign.(**)").should().beFreeOfCycles().check(all);
    }

    @Test
    void coreThenDependsOnNoAdapterStoreModuleServerOrTheirLibraries() {
        String[] corePackages = MODULES.get("io.authdesign.core").packages().toArray(String[]::new);
        noClasses()
                .that()
                .resideInAnyPackage(corePackages)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.authdesign.javalin..",
                        "io.authdesign.jdbc..",
                        "io.authdesign.redis..",
                        "io.authdesign.server..",
                        "io.authdesign.bench..",
                        "io.javalin..",
                        "jakarta.servlet..",
                        "java.sql..",
                        "javax.sql..",
                        "io.lettuce..")
                .check(all);
    }

    @Test
    void storeModulesThenDependOnNoAdapterOrServer() {
        noClasses()
                .that()
                .resideInAnyPackage("io.authdesign.jdbc..", "io.authdesign.redis..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.authdesign.javalin..", "io.authdesign.server..", "io.javalin..")
                .check(all);
    }

    @Test
    void nonExportedPackagesThenUsedOnlyInsideTheirModule() {
        for (LibraryModule module : MODULES.values()) {
            List<String> hidden = List.copyOf(module.hidden());
            if (hidden.isEmpty()) {
                continue;
            }
            noClasses()
                    .that()
                    .resideOutsideOfPackages(module.packages().toArray(String[]::new))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(hidden.toArray(String[]::new))
                    .because("'" + module.name() + "' does not export " + hidden)
                    .check(all);
        }
    }
}
