package io.crossmodal.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Map;

/**
 * A {@code @ConfigMapping} read from given values the way Quarkus reads it at start-up, without starting Quarkus:
 * SmallRye Config with Quarkus' duration syntax ({@code 10s}, {@code 500ms}, {@code PT10S}), the JVM's own system
 * properties (for {@code ${java.io.tmpdir}}-style defaults), unknown keys under the mapping's prefix refused, and the
 * Bean Validation constraints checked. A value Quarkus would refuse makes {@link #refused} return the exception whose
 * message the service would die with.
 */
public final class ConfigMappings {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    private ConfigMappings() {}

    /** The mapping over {@code values}; throws what a refused start would. */
    public static <T> T read(Class<T> mapping, Map<String, String> values) {
        return config(mapping, values).getConfigMapping(mapping);
    }

    /**
     * Asserts that {@code values} stop the start, and returns why. Quarkus reports every value that does not convert
     * together; once all convert, every value that breaks a constraint together. Each line of the message starts
     * with the key.
     */
    public static ConfigValidationException refused(Class<?> mapping, Map<String, String> values) {
        return assertThrows(ConfigValidationException.class, () -> config(mapping, values), values.toString());
    }

    /**
     * System properties without the application's keys: a {@code @QuarkusTest} of the same JVM may have left its
     * profile's {@code crossmodal.*} or {@code quarkus.*} values there, and only {@code values} may count.
     */
    private static Map<String, String> jvmProperties() {
        Map<String, String> properties = new java.util.HashMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (!key.startsWith("crossmodal.") && !key.startsWith("quarkus.") && !key.startsWith("%")) {
                properties.put(key, String.valueOf(v));
            }
        });
        return properties;
    }

    private static SmallRyeConfig config(Class<?> mapping, Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(jvmProperties(), "jvm", 400))
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(mapping)
                .withValidateUnknown(true)
                .withValidator(new BeanValidationConfigValidator() {
                    @Override
                    public Validator getValidator() {
                        return VALIDATION.getValidator();
                    }
                })
                .build();
    }
}
