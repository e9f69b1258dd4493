package io.crossmodal.fusion.downstream;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.metrics.FanoutMetrics;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/** Calls the vision service. Each call carries the caller's deadline and is timed per RPC and status. */
@ApplicationScoped
public class VisionEncoderClient {

    private final VisionServiceGrpc.VisionServiceFutureStub stub;
    private final FanoutMetrics metrics;

    public VisionEncoderClient(@GrpcClient("vision") Channel channel, FanoutMetrics metrics) {
        this.stub = VisionServiceGrpc.newFutureStub(channel);
        this.metrics = metrics;
    }

    public CompletableFuture<EmbedImagesResponse> embedImages(EmbedImagesRequest request, Deadline deadline) {
        return EncoderCalls.call(
                metrics, Modality.MODALITY_IMAGE, "EmbedImages", stub, deadline, s -> s.embedImages(request));
    }

    public CompletableFuture<DescribeImageResponse> describeImage(DescribeImageRequest request, Deadline deadline) {
        return EncoderCalls.call(
                metrics, Modality.MODALITY_IMAGE, "DescribeImage", stub, deadline, s -> s.describeImage(request));
    }

    public CompletableFuture<ListModelsResponse> listModels(Deadline deadline) {
        return EncoderCalls.call(
                metrics,
                Modality.MODALITY_IMAGE,
                "ListModels",
                stub,
                deadline,
                s -> s.listModels(ListModelsRequest.getDefaultInstance()));
    }
}
