package io.crossmodal.audio.config;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * Further PocketSphinx arguments as {@code crossmodal.audio.asr.decoder-args} takes them: name/value pairs separated
 * by spaces, names starting with {@code -}, none of the model paths that have their own keys, a positive
 * {@code -frate} (the recogniser turns frames into milliseconds with it). The rules are
 * {@link PocketSphinxConfig#decoderArgsProblem}'s.
 */
@Documented
@Constraint(validatedBy = DecoderArguments.Validator.class)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.TYPE_USE, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface DecoderArguments {

    String message() default "must be name/value pairs of PocketSphinx arguments such as -beam 1e-60";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports what is wrong with the arguments, not only that something is. */
    final class Validator implements ConstraintValidator<DecoderArguments, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            Optional<String> problem =
                    PocketSphinxConfig.decoderArgsProblem(PocketSphinxConfig.splitDecoderArgs(value));
            if (problem.isEmpty()) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            // the problem quotes the configured value: escape what a message template would interpret
            context.buildConstraintViolationWithTemplate(
                            "is not valid: " + problem.get().replaceAll("([\\\\{}$])", "\\\\$1"))
                    .addConstraintViolation();
            return false;
        }
    }
}
