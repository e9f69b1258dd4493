package io.crossmodal.fusion.downstream;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.metrics.FanoutMetrics;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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
        return call("Embed", deadline, s -> s.embed(request));
    }

    public CompletableFuture<ListModelsResponse> listModels(Deadline deadline) {
        return call("ListModels", deadline, s -> s.listModels(ListModelsRequest.getDefaultInstance()));
    }

    private <T> CompletableFuture<T> call(String rpc, Deadline deadline,
            Function<TextServiceGrpc.TextServiceFutureStub, ListenableFuture<T>> invocation) {
        long start = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        ListenableFuture<T> future = invocation.apply(stub.withDeadline(deadline));
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(T value) {
                metrics.record(Modality.MODALITY_TEXT, rpc, "OK", System.nanoTime() - start);
                result.complete(value);
            }

            @Override
            public void onFailure(Throwable error) {
                metrics.record(Modality.MODALITY_TEXT, rpc, Status.fromThrowable(error).getCode().name(),
                        System.nanoTime() - start);
                result.completeExceptionally(error);
            }
        }, MoreExecutors.directExecutor());
        return result;
    }
}
