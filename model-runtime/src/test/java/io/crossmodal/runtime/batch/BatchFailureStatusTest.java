package io.crossmodal.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.testing.GrpcTestKit;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The batcher's failures, as service-kit's one mapping reports them to gRPC callers. */
class BatchFailureStatusTest {

    private static com.google.rpc.Status details(StatusRuntimeException e) {
        return GrpcTestKit.richStatus(e);
    }

    private static ErrorInfo errorInfo(com.google.rpc.Status status) {
        return GrpcTestKit.errorInfo(status);
    }

    private static Duration retryDelay(com.google.rpc.Status status) {
        return GrpcTestKit.retryDelay(status);
    }

    @Test
    void queueFullBecomesResourceExhaustedWithRetryInfo() throws Exception {
        Duration retryAfter = Duration.ofMillis(1_250);
        QueueFullException full = new QueueFullException("clip", 64, retryAfter);

        StatusRuntimeException e = GrpcErrors.toStatusRuntimeException(full);
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        com.google.rpc.Status status = details(e);
        assertEquals(retryAfter, retryDelay(status));
        assertEquals("QUEUE_FULL", errorInfo(status).getReason());
        assertTrue(status.getMessage().contains("clip"), status.getMessage());
    }

    @Test
    void droppedRequestsMapToTheirCodes() throws Exception {
        StatusRuntimeException deadline = GrpcErrors.toStatusRuntimeException(
                new RequestDroppedException(RequestDroppedException.Reason.DEADLINE_EXCEEDED, "too late"));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, deadline.getStatus().getCode());
        assertEquals("too late", deadline.getStatus().getDescription());
        assertEquals("DEADLINE", errorInfo(details(deadline)).getReason());

        StatusRuntimeException cancelled = GrpcErrors.toStatusRuntimeException(
                new RequestDroppedException(RequestDroppedException.Reason.CANCELLED, "gone"));
        assertEquals(Status.Code.CANCELLED, cancelled.getStatus().getCode());
        assertEquals("CANCELLED", errorInfo(details(cancelled)).getReason());

        StatusRuntimeException shutdown = GrpcErrors.toStatusRuntimeException(
                new RequestDroppedException(RequestDroppedException.Reason.SHUTDOWN, "bye"));
        assertEquals(Status.Code.UNAVAILABLE, shutdown.getStatus().getCode());
        assertTrue(retryDelay(details(shutdown)).compareTo(Duration.ZERO) > 0);
        assertEquals("SHUTTING_DOWN", errorInfo(details(shutdown)).getReason());
    }

    @Test
    void completionAndExecutionExceptionsAreUnwrapped() throws Exception {
        QueueFullException full = new QueueFullException("clap", 8, Duration.ofMillis(40));
        StatusRuntimeException e =
                GrpcErrors.toStatusRuntimeException(new CompletionException(new ExecutionException(full)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals(Duration.ofMillis(40), retryDelay(details(e)));

        StatusRuntimeException dropped = GrpcErrors.toStatusRuntimeException(
                new CompletionException(new RequestDroppedException(RequestDroppedException.Reason.CANCELLED, "gone")));
        assertEquals(Status.Code.CANCELLED, dropped.getStatus().getCode());
    }
}
