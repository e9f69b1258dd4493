package io.crossmodal.fusion.fuse;

import io.crossmodal.servicekit.error.ServiceException;
import java.util.Map;

/** The one kind of failure fusing has: a request field that is wrong (INVALID_ARGUMENT with BadRequest). */
final class Invalid {

    private Invalid() {}

    static ServiceException field(String reason, String field, String message) {
        return field(reason, field, message, Map.of());
    }

    static ServiceException field(String reason, String field, String message, Map<String, String> metadata) {
        return new ServiceException(
                ServiceException.Kind.INVALID_INPUT, reason, field + ": " + message, field, null, metadata, null);
    }

    /** A weight: finite and >= 0, where 0 counts as 1 (the contract's "no preference"). */
    static double weight(float weight, String field) {
        if (!Float.isFinite(weight) || weight < 0) {
            throw field("INVALID_WEIGHT", field, "weight must be finite and >= 0 (0 counts as 1), got " + weight);
        }
        return weight == 0 ? 1.0 : weight;
    }
}
