package io.crossmodal.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module arrows of DESIGN.md section 1 as ArchUnit rules. Allowed: encoders -> model-runtime, service-kit, proto;
 * model-runtime -> service-kit; gateway -> service-kit, proto; cli, bench -> service-kit, proto. Never: an encoder to
 * another encoder, anything to a service module, the gateway/cli/bench to DJL or an engine, domain packages to gRPC
 * types, proto to anything of ours.
 *
 * <p>Every rule is built over a base package ({@code io.crossmodal} for the product), so the same rules can be shown
 * to fail on a fixture tree that breaks them. ArchUnit's failure message names each offending class and the
 * dependency (class, member, line) that breaks the rule.
 */
final class ModuleRules {

    /** The encoders, by the package their service code lives in (under the base). */
    static final List<String> ENCODERS = List.of("text", "vision", "audio");
    /** Modules that must stay free of models: the gateway, the CLI and the load generator. */
    static final List<String> CLIENTS = List.of("fusion", "cli", "bench");
    /** Generated contracts live in {@code <base>.<service>.v1} for these services. */
    static final List<String> CONTRACTS = List.of("common", "text", "vision", "audio", "fusion");

    private final String base;

    ModuleRules(String base) {
        this.base = base;
    }

    private String pkg(String name) {
        return base + "." + name + "..";
    }

    private DescribedPredicate<JavaClass> contracts() {
        return resideInAnyPackage(
                CONTRACTS.stream().map(c -> base + "." + c + ".v1..").toArray(String[]::new));
    }

    /** The code of one module (not its generated contract, which shares the package prefix). */
    private DescribedPredicate<JavaClass> code(String module) {
        return resideInAPackage(pkg(module))
                .and(not(contracts()))
                .as("the code of " + module + " (" + pkg(module) + ", contract excluded)");
    }

    private DescribedPredicate<JavaClass> anyCode(List<String> modules) {
        DescribedPredicate<JavaClass> any = code(modules.get(0));
        for (String m : modules.subList(1, modules.size())) {
            any = any.or(code(m));
        }
        return any;
    }

    /** No encoder imports another encoder, the gateway, the CLI or bench. */
    ArchRule encodersImportNoOtherService() {
        List<ArchRule> rules = new ArrayList<>();
        for (String encoder : ENCODERS) {
            List<String> others = new ArrayList<>(ENCODERS);
            others.remove(encoder);
            others.addAll(CLIENTS);
            rules.add(noClasses()
                    .that(code(encoder))
                    .should()
                    .dependOnClassesThat(anyCode(others))
                    .because("encoders never import each other or a client; they share only model-runtime, "
                            + "service-kit and proto")
                    .allowEmptyShould(true));
        }
        return CompositeArchRule.of(rules);
    }

    /** The gateway, CLI and bench import no DJL, no engine, no model-runtime and no encoder. */
    ArchRule clientsImportNoModelCode() {
        return noClasses()
                .that(anyCode(CLIENTS))
                .should()
                .dependOnClassesThat(
                        resideInAnyPackage("ai.djl..", "org.tensorflow..", "ai.onnxruntime..", pkg("runtime"))
                                .or(anyCode(ENCODERS)))
                .because("the gateway, the CLI and bench run no model: they reach the encoders over gRPC only")
                .allowEmptyShould(true);
    }

    /**
     * Domain packages import no gRPC: the encoders' packages other than {@code grpc}, model-runtime, and service-kit's
     * transport-free packages. They raise service-kit's ServiceExceptions; the gRPC fronts and service-kit's
     * {@code grpc} package turn those into statuses.
     */
    ArchRule domainImportsNoGrpc() {
        DescribedPredicate<JavaClass> domain = anyCode(ENCODERS)
                .and(not(resideInAnyPackage(
                        ENCODERS.stream().map(e -> base + "." + e + ".grpc..").toArray(String[]::new))))
                .or(resideInAnyPackage(
                        pkg("runtime"),
                        pkg("servicekit.error"),
                        pkg("servicekit.call"),
                        pkg("servicekit.health"),
                        pkg("servicekit.exec"),
                        pkg("servicekit.config")))
                .as("domain packages");
        return noClasses()
                .that(domain)
                .should()
                .dependOnClassesThat(resideInAnyPackage("io.grpc..", "com.google.rpc.."))
                .because("domain code raises ServiceExceptions; only the gRPC layer knows statuses")
                .allowEmptyShould(true);
    }

    /** proto depends on nothing of ours. */
    ArchRule contractsDependOnNothingOfOurs() {
        return noClasses()
                .that(contracts())
                .should()
                .dependOnClassesThat(resideInAPackage(base + "..").and(not(contracts())))
                .because("the contracts are the root of the arrows")
                .allowEmptyShould(true);
    }

    /** service-kit depends on nothing of ours; model-runtime only on service-kit. */
    ArchRule librariesPointDown() {
        ArchRule kit = noClasses()
                .that(resideInAPackage(pkg("servicekit")))
                .should()
                .dependOnClassesThat(resideInAPackage(base + "..").and(not(resideInAPackage(pkg("servicekit")))))
                .because("service-kit is under every service and depends on no module of ours")
                .allowEmptyShould(true);
        ArchRule runtime = noClasses()
                .that(resideInAPackage(pkg("runtime")))
                .should()
                .dependOnClassesThat(
                        resideInAPackage(base + "..").and(not(resideInAnyPackage(pkg("runtime"), pkg("servicekit")))))
                .because("model-runtime is under the encoders and depends only on service-kit")
                .allowEmptyShould(true);
        return CompositeArchRule.of(kit).and(runtime);
    }

    List<ArchRule> all() {
        return List.of(
                encodersImportNoOtherService(),
                clientsImportNoModelCode(),
                domainImportsNoGrpc(),
                contractsDependOnNothingOfOurs(),
                librariesPointDown());
    }
}
