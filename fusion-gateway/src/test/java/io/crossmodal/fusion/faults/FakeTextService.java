package io.crossmodal.fusion.faults;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.common.v1.ModelInfo;
import io.crossmodal.text.v1.EmbedRequest;
import io.crossmodal.text.v1.EmbedResponse;
import io.crossmodal.text.v1.EmbedResult;
import io.crossmodal.text.v1.ListModelsRequest;
import io.crossmodal.text.v1.ListModelsResponse;
import io.crossmodal.text.v1.TextServiceGrpc;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in text service for the gateway's failure paths, which a real service cannot be made to produce on
 * demand; the same server also runs {@link FakeVisionService}. Its ListModels lists one model, "fake", in space
 * "fake@1#r1". What Embed does is chosen by the first text of each request, so tests need no shared state:
 * "#exhausted" answers RESOURCE_EXHAUSTED with RetryInfo, "#invalid" INVALID_ARGUMENT on texts[0],
 * "#unavailable" UNAVAILABLE without RetryInfo, "#deadline" a 1-d vector holding the milliseconds left on the
 * deadline it received (or -1 without one), "#slow:N" sleeps N ms first. A call's {@code x-crossmodal-echo} header
 * comes back as a response header and trailer of the same name (what the caller's metadata became on the way).
 */
public class FakeTextService implements QuarkusTestResourceLifecycleManager {

    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            // A free port of the system's choosing, so parallel builds cannot collide. (Quarkus' in-process client
            // transport reaches only the application's own in-process server, so a network port it is.)
            server = NettyServerBuilder.forPort(0)
                    .addService(ServerInterceptors.intercept(new Impl(), new Echo()))
                    .addService(new FakeVisionService())
                    .build()
                    .start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        // In test mode Quarkus aims clients at test-port, not port.
        String port = Integer.toString(server.getPort());
        return Map.of("quarkus.grpc.clients.text.test-port", port, "quarkus.grpc.clients.vision.test-port", port);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    /** Echoes the request header {@link #ECHO} as a response header and a trailer. */
    static final class Echo implements ServerInterceptor {
        static final Metadata.Key<String> ECHO = Metadata.Key.of("x-crossmodal-echo", Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String echo = headers.get(ECHO);
            if (echo == null) {
                return next.startCall(call, headers);
            }
            return next.startCall(
                    new SimpleForwardingServerCall<>(call) {
                        @Override
                        public void sendHeaders(Metadata responseHeaders) {
                            responseHeaders.put(ECHO, echo);
                            super.sendHeaders(responseHeaders);
                        }

                        @Override
                        public void close(Status status, Metadata trailers) {
                            trailers.put(ECHO, echo);
                            super.close(status, trailers);
                        }
                    },
                    headers);
        }
    }

    static final class Impl extends TextServiceGrpc.TextServiceImplBase {
        @Override
        public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> observer) {
            observer.onNext(ListModelsResponse.newBuilder()
                    .addModels(ModelInfo.newBuilder()
                            .setName("fake")
                            .setSpace(EmbeddingSpace.newBuilder()
                                    .setId("fake@1#r1")
                                    .setModel("fake")
                                    .setDimension(1)))
                    .build());
            observer.onCompleted();
        }

        @Override
        public void embed(EmbedRequest request, StreamObserver<EmbedResponse> observer) {
            String command = request.getTexts(0);
            if (command.startsWith("#slow:")) {
                try {
                    Thread.sleep(Long.parseLong(command.substring(6)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            switch (command) {
                case "#exhausted" ->
                    observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Status.Code.RESOURCE_EXHAUSTED.value())
                            .setMessage("queue full")
                            .addDetails(Any.pack(RetryInfo.newBuilder()
                                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                            .setNanos(250_000_000))
                                    .build()))
                            .build()));
                case "#invalid" ->
                    observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                            .setCode(Status.Code.INVALID_ARGUMENT.value())
                            .setMessage("bad text")
                            .addDetails(Any.pack(BadRequest.newBuilder()
                                    .addFieldViolations(BadRequest.FieldViolation.newBuilder()
                                            .setField("texts[0]")
                                            .setDescription("bad"))
                                    .build()))
                            .build()));
                case "#unavailable" ->
                    observer.onError(
                            Status.UNAVAILABLE.withDescription("going away").asRuntimeException());
                default -> {
                    Deadline deadline = io.grpc.Context.current().getDeadline();
                    float left = deadline == null ? -1 : deadline.timeRemaining(TimeUnit.MILLISECONDS);
                    EmbedResponse.Builder response = EmbedResponse.newBuilder();
                    for (int i = 0; i < request.getTextsCount(); i++) {
                        response.addResults(EmbedResult.newBuilder()
                                .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
                                .setModel("fake")
                                .setEmbedding(Embedding.newBuilder()
                                        .setSpaceId("fake@1#r1")
                                        .setDimension(1)
                                        .addValues(left)));
                    }
                    observer.onNext(response.build());
                    observer.onCompleted();
                }
            }
        }
    }
}
