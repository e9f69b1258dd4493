package io.crossmodal.vision.detect;

import io.crossmodal.servicekit.error.ServiceException;
import java.util.Map;

/**
 * A {@link DetectOptions} value out of range: invalid input (reason {@code INVALID_OPTION}) on the request field it
 * came from ({@code min_score}, {@code nms_iou_threshold}, {@code max_objects}), which {@link #field()} names.
 */
public final class InvalidDetectOptionsException extends ServiceException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidDetectOptionsException(String field, String message) {
        super(Kind.INVALID_INPUT, "INVALID_OPTION", message, field, null, Map.of(), null);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
