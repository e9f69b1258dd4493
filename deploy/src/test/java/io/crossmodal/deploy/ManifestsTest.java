package io.crossmodal.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every overlay under deploy/overlays (found by listing the directory) renders with kubectl kustomize and passes
 * every check of {@link ManifestChecks}, one test per overlay and check. The base and each component (on the base,
 * through a throwaway kustomization) must render and parse too.
 */
class ManifestsTest {

    private static final Project PROJECT = Project.get();
    private static final ManifestChecks CHECKS = new ManifestChecks(PROJECT);
    private static final Map<Path, Object> RENDERED = new ConcurrentHashMap<>();

    private static Path deploy(String dir) {
        return PROJECT.deployDir().resolve(dir);
    }

    /**
     * Renders once per directory. When kubectl fails, the overlay's "renders" test shows its stderr and every check
     * of that overlay fails pointing there.
     */
    private static Rendering rendering(Path dir, boolean full) {
        Object r = RENDERED.computeIfAbsent(dir, d -> {
            try {
                return Rendering.parse(d.getFileName().toString(), Kustomize.render(d));
            } catch (AssertionError e) {
                return e;
            }
        });
        if (r instanceof AssertionError e) {
            throw full ? e : new AssertionError(dir.getFileName() + " does not render: see its 'renders' test");
        }
        return (Rendering) r;
    }

    static void assertNoProblems(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(what + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        }
    }

    @Test
    void theContractsOverlaysExist() {
        List<String> overlays = Kustomize.kustomizations(deploy("overlays")).stream()
                .map(p -> p.getFileName().toString())
                .toList();
        assertTrue(
                overlays.containsAll(List.of("local-cpu", "gpu")),
                "deploy/overlays should hold at least local-cpu and gpu, has " + overlays);
    }

    @TestFactory
    Stream<DynamicContainer> overlays() {
        return Kustomize.kustomizations(deploy("overlays")).stream()
                .map(dir -> dynamicContainer(
                        dir.getFileName().toString(),
                        Stream.concat(
                                Stream.of(dynamicTest("renders", () -> rendering(dir, true))),
                                CHECKS.all().entrySet().stream()
                                        .map(check -> dynamicTest(
                                                check.getKey(),
                                                () -> assertNoProblems(
                                                        dir.getFileName() + " / " + check.getKey(),
                                                        check.getValue().apply(rendering(dir, false))))))));
    }

    @Test
    void theBaseRendersAndParses() {
        assertNoProblems("base", Rendering.parse("base", Kustomize.render(deploy("base"))).problems);
    }

    @TestFactory
    Stream<DynamicTest> eachComponentRendersAndParsesOnTheBase() {
        return Kustomize.kustomizations(deploy("components")).stream()
                .map(component -> dynamicTest(
                        component.getFileName().toString(),
                        () -> assertNoProblems(
                                "component " + component.getFileName(),
                                Rendering.parse(
                                                "base + component " + component.getFileName(),
                                                Kustomize.render(
                                                        Kustomize.withComponent(PROJECT.deployDir(), component)))
                                        .problems)));
    }
}
