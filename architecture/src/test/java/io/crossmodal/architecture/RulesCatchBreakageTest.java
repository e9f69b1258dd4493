package io.crossmodal.architecture;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The rules fail, naming the offending class, on a fixture tree ({@code io.crossmodal.architecture.fixture}) shaped
 * like the product that breaks them: a domain class building a gRPC status, an encoder importing another encoder.
 */
class RulesCatchBreakageTest {

    private static final String FIXTURE = "io.crossmodal.architecture.fixture";
    private final JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);
    private final ModuleRules rules = new ModuleRules(FIXTURE);

    @Test
    void aDomainClassImportingGrpcFailsNamingIt() {
        AssertionError failure = assertThrows(
                AssertionError.class, () -> rules.domainImportsNoGrpc().check(fixture));
        assertTrue(
                failure.getMessage().contains(FIXTURE + ".text.inference.StatusBuildingEmbedder"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("io.grpc.Status"), failure.getMessage());
    }

    @Test
    void anEncoderImportingAnotherFailsNamingIt() {
        AssertionError failure = assertThrows(
                AssertionError.class, () -> rules.encodersImportNoOtherService().check(fixture));
        assertTrue(failure.getMessage().contains(FIXTURE + ".vision.detect.BorrowsFromText"), failure.getMessage());
    }

    @Test
    void theCleanPartsOfTheFixturePass() {
        rules.contractsDependOnNothingOfOurs().check(fixture);
        rules.clientsImportNoModelCode().check(fixture);
    }
}
