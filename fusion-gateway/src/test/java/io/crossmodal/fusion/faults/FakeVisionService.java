package io.crossmodal.fusion.faults;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in vision service, served next to {@link FakeTextService}, for what the real one cannot be made to do on
 * demand. The bytes of the (first) image are the command: "#exhausted" answers RESOURCE_EXHAUSTED with RetryInfo;
 * anything else gets, from EmbedImages, a 1-d vector in "fake-vision@1#r1" holding the milliseconds left on the
 * deadline the call arrived with (-1 without one) and, from DescribeImage, that number as the description.
 */
final class FakeVisionService extends VisionServiceGrpc.VisionServiceImplBase {

    static final String SPACE = "fake-vision@1#r1";

    @Override
    public void embedImages(EmbedImagesRequest request, StreamObserver<EmbedImagesResponse> observer) {
        if (exhausted(request.getImages(0), observer)) {
            return;
        }
        EmbedImagesResponse.Builder response = EmbedImagesResponse.newBuilder()
                .addSpaces(EmbeddingSpace.newBuilder()
                        .setId(SPACE)
                        .setModel("fake-vision")
                        .setDimension(1));
        for (int i = 0; i < request.getImagesCount(); i++) {
            response.addResults(EmbedImageResult.newBuilder()
                    .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
                    .setEmbedding(Embedding.newBuilder()
                            .setSpaceId(SPACE)
                            .setDimension(1)
                            .addValues(msLeft())));
        }
        observer.onNext(response.build());
        observer.onCompleted();
    }

    @Override
    public void describeImage(DescribeImageRequest request, StreamObserver<DescribeImageResponse> observer) {
        if (exhausted(request.getImage(), observer)) {
            return;
        }
        observer.onNext(DescribeImageResponse.newBuilder()
                .setDescription(Long.toString(msLeft()))
                .build());
        observer.onCompleted();
    }

    private static long msLeft() {
        Deadline deadline = io.grpc.Context.current().getDeadline();
        return deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS);
    }

    private static boolean exhausted(Media image, StreamObserver<?> observer) {
        if (!image.getData().toString(StandardCharsets.UTF_8).equals("#exhausted")) {
            return false;
        }
        observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                .setMessage("queue full")
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setNanos(250_000_000))
                        .build()))
                .build()));
        return true;
    }
}
