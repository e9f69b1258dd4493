package io.crossmodal.text.grpc;

import static io.crossmodal.servicekit.grpc.GrpcReplies.reply;
import static java.util.concurrent.CompletableFuture.completedFuture;

import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.crossmodal.text.config.TextServiceConfig;
import io.crossmodal.text.inference.TextEmbedder;
import io.crossmodal.text.inference.TextModels;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.text.v1.TokenizeRequest;
import io.crossmodal.text.v1.TokenizeResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * gRPC front of the text service: each RPC parses its request ({@link TextProtoMapper}), calls {@link TextEmbedder}
 * and maps the answer back, and {@code GrpcReplies.reply} sends it or its error.
 *
 * <p>Embed and Tokenize run on a worker thread ({@code @Blocking}): tokenizing a full request (up to
 * max-items-per-call texts of max-text-bytes each) takes long enough to stall the event loop that every other call
 * shares. Quarkus carries the gRPC context (deadline, cancellation) over to the worker. Inference then completes
 * the response from the batcher's thread, so no worker waits on the model.
 */
@GrpcService
public class TextGrpcService extends TextServiceGrpc.TextServiceImplBase {

    private final TextEmbedder embedder;
    private final TextModels models;
    private final TextServiceConfig config;

    public TextGrpcService(TextEmbedder embedder, TextModels models, TextServiceConfig config) {
        this.embedder = embedder;
        this.models = models;
        this.config = config;
    }

    @Override
    @Blocking
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> observer) {
        reply(
                observer,
                () -> embedder.embed(
                                request.getTextsList(),
                                request.getModel(),
                                TextProtoMapper.truncation(request.getTruncation()),
                                GrpcRequestScopes.current())
                        .thenApply(TextProtoMapper::embedResponse));
    }

    @Override
    @Blocking
    public void tokenize(TokenizeRequest request, StreamObserver<TokenizeResponse> observer) {
        reply(
                observer,
                () -> completedFuture(TextProtoMapper.tokenizeResponse(embedder.tokenize(
                        request.getTextsList(),
                        request.getModel(),
                        TextProtoMapper.truncation(request.getTruncation())))));
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        reply(observer, () -> completedFuture(TextProtoMapper.listModels(models, config)));
    }
}
