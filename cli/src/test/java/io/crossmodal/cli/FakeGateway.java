package io.crossmodal.cli;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.BatchingConfig;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.common.v1.ModelState;
import io.crossmodal.fusion.v1.Content;
import io.crossmodal.fusion.v1.EncodeRequest;
import io.crossmodal.fusion.v1.EncodeResponse;
import io.crossmodal.fusion.v1.EncodeResult;
import io.crossmodal.fusion.v1.EncoderModels;
import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.fusion.v1.ListModelsRequest;
import io.crossmodal.fusion.v1.ListModelsResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test double of the fusion gateway on a real grpc-java Netty server (a free loopback port), so the CLI is
 * tested over the wire exactly as it talks to the real gateway.
 *
 * <p>Encode: an empty text fails the call with INVALID_ARGUMENT and BadRequest details; the text "overloaded"
 * fails it with RESOURCE_EXHAUSTED and RetryInfo; other texts get the vectors of {@link #VECTORS}, or a vector
 * made from the text's length.
 */
final class FakeGateway implements AutoCloseable {

    static final String SPACE = "fake-minilm@1.0#r1";
    static final Map<String, float[]> VECTORS = Map.of(
            "north", new float[] {1f, 0f, 0f, 0f},
            "north-east", new float[] {1f, 1f, 0f, 0f},
            "south", new float[] {-1f, 0f, 0f, 0f});

    final AtomicReference<Deadline> lastDeadline = new AtomicReference<>();
    final AtomicReference<EncodeRequest> lastEncode = new AtomicReference<>();
    private final Server server;

    FakeGateway() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new Service())
                .build()
                .start();
    }

    String target() {
        return "127.0.0.1:" + server.getPort();
    }

    static float[] vectorOf(String text) {
        float[] v = VECTORS.get(text);
        return v != null ? v : new float[] {text.length(), 0.5f, -0.25f, 0.125f};
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Service extends FusionServiceGrpc.FusionServiceImplBase {

        @Override
        public void encode(EncodeRequest request, StreamObserver<EncodeResponse> observer) {
            lastDeadline.set(Context.current().getDeadline());
            lastEncode.set(request);
            BadRequest.Builder violations = BadRequest.newBuilder();
            for (int i = 0; i < request.getContentsCount(); i++) {
                Content c = request.getContents(i);
                if (c.getText().isEmpty()) {
                    violations.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                            .setField("contents[" + i + "].text")
                            .setDescription("text is empty"));
                }
                if (c.getText().equals("overloaded")) {
                    observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(io.grpc.Status.Code.RESOURCE_EXHAUSTED.value())
                            .setMessage("queue of fake-minilm is full")
                            .addDetails(Any.pack(RetryInfo.newBuilder()
                                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                            .setSeconds(1)
                                            .setNanos(500_000_000))
                                    .build()))
                            .build()));
                    return;
                }
            }
            if (violations.getFieldViolationsCount() > 0) {
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(io.grpc.Status.Code.INVALID_ARGUMENT.value())
                        .setMessage("contents[0].text: text is empty")
                        .addDetails(Any.pack(violations.build()))
                        .addDetails(Any.pack(ErrorInfo.newBuilder()
                                .setReason("EMPTY_TEXT")
                                .setDomain("crossmodal.io")
                                .build()))
                        .build()));
                return;
            }
            EncodeResponse.Builder response = EncodeResponse.newBuilder().addSpaces(space());
            for (Content c : request.getContentsList()) {
                float[] v = vectorOf(c.getText());
                Embedding.Builder e = Embedding.newBuilder().setSpaceId(SPACE).setDimension(v.length);
                for (float x : v) {
                    e.addValues(x);
                }
                response.addResults(EncodeResult.newBuilder()
                        .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
                        .setModality(Modality.MODALITY_TEXT)
                        .addEmbeddings(e)
                        .setTokenCount(c.getText().split("\\s+").length + 2));
            }
            observer.onNext(response.build());
            observer.onCompleted();
        }

        @Override
        public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
            ModelInfo model = ModelInfo.newBuilder()
                    .setName("fake-minilm")
                    .setVersion("1.0")
                    .setEngine("OnnxRuntime")
                    .setTask("text-embedding")
                    .setModality(Modality.MODALITY_TEXT)
                    .setSpace(space())
                    .addLanguages("en")
                    .setMaxInputTokens(256)
                    .setBatching(BatchingConfig.newBuilder().setMaxBatchSize(32).setMaxQueueDelayMs(5))
                    .setState(ModelState.MODEL_STATE_READY)
                    .setIsDefault(true)
                    .build();
            observer.onNext(ListModelsResponse.newBuilder()
                    .addEncoders(EncoderModels.newBuilder()
                            .setModality(Modality.MODALITY_TEXT)
                            .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
                            .addModels(model))
                    .addEncoders(EncoderModels.newBuilder()
                            .setModality(Modality.MODALITY_IMAGE)
                            .setStatus(com.google.rpc.Status.newBuilder()
                                    .setCode(io.grpc.Status.Code.UNAVAILABLE.value())
                                    .setMessage("vision-service is not reachable")))
                    .build());
            observer.onCompleted();
        }

        private EmbeddingSpace space() {
            return EmbeddingSpace.newBuilder()
                    .setId(SPACE)
                    .setModel("fake-minilm")
                    .setVersion("1.0")
                    .setPreprocessingRevision("r1")
                    .setDimension(4)
                    .addModalities(Modality.MODALITY_TEXT)
                    .setNormalized(false)
                    .build();
        }
    }
}
