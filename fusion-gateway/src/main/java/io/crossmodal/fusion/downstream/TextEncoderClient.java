package io.crossmodal.fusion.downstream;

import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.metrics.FanoutMetrics;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;

/** Calls the text service. Each call carries the caller's deadline and is timed per RPC and status. */
@ApplicationScoped
public class TextEncoderClient {

    private final TextServiceGrpc.TextServiceFutureStub stub;
    private final FanoutMetrics metrics;

    public TextEncoderClient(@GrpcClient("text") Channel channel, FanoutMetrics metrics) {
        this.stub = TextServiceGrpc.newFutureStub(channel);
        this.metrics = metrics;
    }

    public CompletableFuture<EmbedResponse> embed(EmbedRequest request, Deadline deadline) {
        return EncoderCalls.call(metrics, Modality.MODALITY_TEXT, "Embed", stub, deadline, s -> s.embed(request));
    }

    public CompletableFuture<ListModelsResponse> listModels(Deadline deadline) {
        return EncoderCalls.call(
                metrics,
                Modality.MODALITY_TEXT,
                "ListModels",
                stub,
                deadline,
                s -> s.listModels(ListModelsRequest.getDefaultInstance()));
    }
}
