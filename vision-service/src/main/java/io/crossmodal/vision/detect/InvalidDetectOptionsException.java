package io.crossmodal.vision.detect;

/**
 * A {@link DetectOptions} value out of range. {@link #field()} is the request field it came from
 * ({@code min_score}, {@code nms_iou_threshold}, {@code max_objects}), for a {@code google.rpc.BadRequest}
 * field violation.
 */
public final class InvalidDetectOptionsException extends IllegalArgumentException {

    private final String field;

    public InvalidDetectOptionsException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
