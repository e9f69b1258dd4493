package io.crossmodal.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The product's main classes (every module, from this module's test classpath) keep the module arrows. */
class ModuleArrowsTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.crossmodal");
        // a rule over an empty import passes vacuously: make sure every module was found
        for (String pkg : new String[] {
            "io.crossmodal.servicekit",
            "io.crossmodal.runtime",
            "io.crossmodal.text.grpc",
            "io.crossmodal.vision.grpc",
            "io.crossmodal.audio.grpc",
            "io.crossmodal.fusion.grpc",
            "io.crossmodal.cli",
            "io.crossmodal.bench",
            "io.crossmodal.text.v1"
        }) {
            assertTrue(product.containPackage(pkg), "no classes imported from " + pkg);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHolds() {
        return new ModuleRules("io.crossmodal")
                .all().stream().map(rule -> DynamicTest.dynamicTest(rule.getDescription(), () -> check(rule)));
    }

    private static void check(ArchRule rule) {
        rule.check(product);
    }
}
