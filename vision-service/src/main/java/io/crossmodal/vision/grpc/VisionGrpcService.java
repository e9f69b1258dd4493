package io.crossmodal.vision.grpc;

import io.crossmodal.common.v1.Limit;
import io.crossmodal.common.v1.ServiceLimits;
import io.crossmodal.vision.v1.ListModelsRequest;
import io.crossmodal.vision.v1.ListModelsResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/**
 * The vision service's gRPC front. No vision model is wired in yet, so ListModels answers truthfully with none,
 * and every task RPC keeps grpc-java's default answer, UNIMPLEMENTED, rather than returning made-up data.
 */
@GrpcService
public class VisionGrpcService extends VisionServiceGrpc.VisionServiceImplBase {

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        observer.onNext(ListModelsResponse.newBuilder()
                .setLimits(ServiceLimits.newBuilder().addLimits(Limit.newBuilder()
                        .setName("max_request_bytes")
                        .setValue(33554432)
                        .setUnit("bytes")
                        .setDescription("Largest gRPC message the service reads")))
                .build());
        observer.onCompleted();
    }
}
