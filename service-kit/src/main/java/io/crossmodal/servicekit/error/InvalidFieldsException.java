package io.crossmodal.servicekit.error;

import java.util.List;
import java.util.Map;

/**
 * Invalid input found in several fields at once (a request over more than one limit): every violation is reported,
 * so a caller fixes them in one round.
 */
public final class InvalidFieldsException extends ServiceException {

    private static final long serialVersionUID = 1L;

    /** One field at fault ("texts", "texts[3]") and what is wrong with it. */
    public record Violation(String field, String description) {}

    private final List<Violation> violations;

    public InvalidFieldsException(String reason, List<Violation> violations) {
        super(
                Kind.INVALID_INPUT,
                reason,
                describe(violations),
                violations.size() == 1 ? violations.get(0).field() : null,
                null,
                Map.of(),
                null);
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("at least one violation is required");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.size() == 1
                ? violations.get(0).description()
                : violations.size() + " invalid fields: "
                        + String.join(
                                "; ",
                                violations.stream()
                                        .map(v -> v.field() + ": " + v.description())
                                        .toList());
    }
}
