package io.crossmodal.servicekit.grpc;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * How every unary RPC of every Crossmodal front answers, so they all read the same way:
 *
 * <pre>{@code
 * public void detectObjects(DetectObjectsRequest request, StreamObserver<DetectObjectsResponse> observer) {
 *     reply(observer, "image", () -> vision.detect(request.getModel(), VisionProtoMapper.image(request.getImage()),
 *                     VisionProtoMapper.detectOptions(request), GrpcRequestScopes.current())
 *             .thenApply(VisionProtoMapper::detectObjectsResponse));
 * }
 * }</pre>
 *
 * The supplier parses the request, calls the domain and maps its answer; whatever fails, synchronously (validation,
 * a full queue) or later (inference), goes through {@link GrpcErrors}, the one mapping. Nothing here waits: the answer
 * is sent from the thread that completes the stage (a batcher's, for inference), so no gRPC or worker thread blocks
 * on the model.
 */
public final class GrpcReplies {

    private GrpcReplies() {}

    /** Sends what {@code call} completes with, or its error mapped by {@link GrpcErrors}. */
    public static <T> void reply(StreamObserver<T> observer, Supplier<? extends CompletionStage<? extends T>> call) {
        reply(observer, null, call);
    }

    /**
     * {@link #reply(StreamObserver, Supplier)} for a call whose input is {@code field} ("image", "audio"): invalid
     * input that does not name its own field (an undecodable image) is reported on it in the BadRequest.
     */
    public static <T> void reply(
            StreamObserver<T> observer, String field, Supplier<? extends CompletionStage<? extends T>> call) {
        CompletionStage<? extends T> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e, field));
            return;
        }
        answer.whenComplete((response, error) -> {
            if (error != null) {
                observer.onError(GrpcErrors.toStatusRuntimeException(error, field));
            } else {
                observer.onNext(response);
                observer.onCompleted();
            }
        });
    }
}
