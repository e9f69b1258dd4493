package io.crossmodal.vision.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.testing.GrpcTestKit;
import io.crossmodal.vision.decode.ImageDecodeException;
import io.crossmodal.vision.decode.ImageDecodeException.Reason;
import io.crossmodal.vision.detect.InvalidDetectOptionsException;
import io.crossmodal.vision.inference.PixelBudgetExceededException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

/**
 * The statuses the vision domain's exceptions give through service-kit's one mapping: what VisionGrpcService's own
 * mapping gave before the exceptions carried their kind.
 */
class VisionErrorStatusTest {

    private static com.google.rpc.Status status(Throwable e, String field) {
        return GrpcErrors.toStatus(e, field);
    }

    private static <T extends Message> T detail(com.google.rpc.Status status, Class<T> type) {
        return GrpcTestKit.detail(status, type);
    }

    @Test
    void anImageAtFaultIsInvalidOnTheFieldTheCallNames() {
        for (Reason reason : Reason.values()) {
            if (!reason.clientError()) {
                continue;
            }
            com.google.rpc.Status s = status(new ImageDecodeException(reason, "the png image is corrupt"), "images[3]");
            assertEquals(Status.Code.INVALID_ARGUMENT.value(), s.getCode(), reason.name());
            assertEquals("images[3]: the png image is corrupt", s.getMessage());
            assertEquals(
                    "images[3]",
                    detail(s, BadRequest.class).getFieldViolations(0).getField());
            assertEquals(
                    "the png image is corrupt",
                    detail(s, BadRequest.class).getFieldViolations(0).getDescription());
            assertEquals(reason.name(), detail(s, ErrorInfo.class).getReason());
        }
    }

    @Test
    void busyDecodersAreAnOverloadToRetryShortlyAndACancelledDecodeIsCancelled() {
        com.google.rpc.Status busy =
                status(new ImageDecodeException(Reason.BUSY, "Image decoding is at capacity: 2 threads busy"), "image");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), busy.getCode());
        assertEquals("Image decoding is at capacity: 2 threads busy", busy.getMessage());
        assertEquals("BUSY", detail(busy, ErrorInfo.class).getReason());
        assertEquals(200_000_000, detail(busy, RetryInfo.class).getRetryDelay().getNanos());
        assertFalse(busy.getDetailsList().stream().anyMatch(d -> d.is(BadRequest.class)));

        com.google.rpc.Status cancelled = status(new ImageDecodeException(Reason.CANCELLED, "interrupted"), "image");
        assertEquals(Status.Code.CANCELLED.value(), cancelled.getCode());
        assertEquals("interrupted", cancelled.getMessage());
        assertEquals("CANCELLED", detail(cancelled, ErrorInfo.class).getReason());
    }

    @Test
    void aFullPixelBudgetIsAnOverloadToRetryInHalfASecond() {
        PixelBudgetExceededException full = new PixelBudgetExceededException(4_000_000, 199_000_000, 200_000_000);
        com.google.rpc.Status s = status(full, "image");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), s.getCode());
        assertEquals(full.getMessage(), s.getMessage());
        assertEquals("PIXEL_BUDGET", detail(s, ErrorInfo.class).getReason());
        assertEquals(500_000_000, detail(s, RetryInfo.class).getRetryDelay().getNanos());
    }

    @Test
    void anOptionOutOfRangeIsInvalidOnItsOwnField() {
        com.google.rpc.Status s = status(
                new InvalidDetectOptionsException("nms_iou_threshold", "nms_iou_threshold must be in [0, 1], was 2.0"),
                "image");
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), s.getCode());
        assertEquals("nms_iou_threshold: nms_iou_threshold must be in [0, 1], was 2.0", s.getMessage());
        assertEquals(
                "nms_iou_threshold",
                detail(s, BadRequest.class).getFieldViolations(0).getField());
        assertEquals("INVALID_OPTION", detail(s, ErrorInfo.class).getReason());
    }
}
