package io.crossmodal.text.grpc;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.crossmodal.servicekit.grpc.GrpcRequestScopes;
import io.crossmodal.servicekit.call.RequestScope;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.crossmodal.text.config.TextServiceConfig;
import io.crossmodal.text.inference.TextEmbedder;
import io.crossmodal.text.inference.TextModel;
import io.crossmodal.text.inference.TextModels;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.crossmodal.text.v1.Token;
import io.crossmodal.text.v1.TokenizeRequest;
import io.crossmodal.text.v1.TokenizeResponse;
import io.crossmodal.text.v1.TokenizeResult;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * gRPC front of the text service: converts requests, calls {@link TextEmbedder}, converts replies.
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
        try {
            RequestScope scope = GrpcRequestScopes.current();
            embedder.embed(request.getTextsList(), request.getModel(),
                            TextProtoMapper.truncation(request.getTruncation()), scope)
                    .whenComplete((results, error) -> {
                        if (error != null) {
                            observer.onError(GrpcErrors.toStatusRuntimeException(error));
                        } else {
                            observer.onNext(toResponse(results));
                            observer.onCompleted();
                        }
                    });
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e));
        }
    }

    private static EmbedResponse toResponse(List<TextEmbedder.Result> results) {
        EmbedResponse.Builder response = EmbedResponse.newBuilder();
        Map<String, io.crossmodal.common.v1.EmbeddingSpace> spaces = new LinkedHashMap<>();
        for (TextEmbedder.Result r : results) {
            EmbedResult.Builder item = EmbedResult.newBuilder()
                    .setModel(r.model().spec().name())
                    .setDetectedLanguage(r.detectedLanguage());
            if (r.tokens() != null) {
                item.setTokenCount(r.tokens().length()).setTruncated(r.tokens().truncated());
            }
            if (r.ok()) {
                String spaceId = r.model().spec().spaceId();
                spaces.computeIfAbsent(spaceId, id -> TextProtoMapper.space(r.model().spec()));
                item.setStatus(GrpcErrors.ok()).setEmbedding(TextProtoMapper.embedding(spaceId, r.vector()));
            } else {
                item.setStatus(GrpcErrors.toStatus(r.error()));
            }
            response.addResults(item);
        }
        return response.addAllSpaces(spaces.values()).build();
    }

    @Override
    @Blocking
    public void tokenize(TokenizeRequest request, StreamObserver<TokenizeResponse> observer) {
        try {
            embedder.checkRequestLimits(request.getTextsList());
            TextEmbedder.TruncationChoice truncation = TextProtoMapper.truncation(request.getTruncation());
            TokenizeResponse.Builder response = TokenizeResponse.newBuilder();
            for (int i = 0; i < request.getTextsCount(); i++) {
                String text = request.getTexts(i);
                TextEmbedder.Prepared p = embedder.prepareForTokenize(text, i, request.getModel(), truncation);
                TokenizeResult.Builder item = TokenizeResult.newBuilder().setModel(p.model().spec().name());
                if (p.error() != null) {
                    item.setStatus(GrpcErrors.toStatus(p.error()));
                } else {
                    item.setStatus(GrpcErrors.ok())
                            .setTruncated(p.tokens().truncated())
                            .setUntruncatedTokenCount(p.tokens().untruncatedLength())
                            .addAllTokens(tokens(p.model(), text, p.tokens().length()));
                }
                response.addResults(item);
            }
            observer.onNext(response.build());
            observer.onCompleted();
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatusRuntimeException(e));
        }
    }

    /** The first {@code keep} tokens, with the final special token restored when truncated (as embedded). */
    private static List<Token> tokens(TextModel model, String text, int keep) {
        Encoding encoding = model.encodeForInspection(text);
        long[] ids = encoding.getIds();
        String[] strings = encoding.getTokens();
        long[] special = encoding.getSpecialTokenMask();
        CharSpan[] spans = encoding.getCharTokenSpans();
        java.util.ArrayList<Token> tokens = new java.util.ArrayList<>(keep);
        for (int k = 0; k < keep; k++) {
            int i = (k == keep - 1 && keep < ids.length) ? ids.length - 1 : k;
            Token.Builder t = Token.newBuilder().setId(ids[i]).setText(strings[i]).setSpecial(special[i] == 1);
            if (special[i] != 1 && spans[i] != null) {
                t.setStart(spans[i].getStart()).setEnd(spans[i].getEnd());
            }
            tokens.add(t.build());
        }
        return tokens;
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
        ListModelsResponse.Builder response = ListModelsResponse.newBuilder().setLimits(TextProtoMapper.limits(config));
        Set<String> defaults = new TreeSet<>(List.of(config.defaultEnglishModel(), config.defaultChineseModel()));
        Set<String> described = new TreeSet<>();
        for (var descriptor : models.descriptors()) {
            var batching = models.loaded(descriptor.name()).map(TextModel::batching).orElse(null);
            response.addModels(TextProtoMapper.modelInfo(descriptor, models.states().get(descriptor.name()),
                    defaults.contains(descriptor.name()), batching));
            described.add(descriptor.name());
        }
        // Configured models the repository lacks (or not yet read) are listed too, with their state.
        for (String name : models.configuredModels()) {
            if (!described.contains(name)) {
                response.addModels(TextProtoMapper.unresolvedModelInfo(name, models.states().get(name),
                        defaults.contains(name)));
            }
        }
        observer.onNext(response.build());
        observer.onCompleted();
    }
}
