package io.crossmodal.fusion.forward;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.crossmodal.servicekit.grpc.GrpcErrors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;

/**
 * Serves every method of a generated {@link ServiceDescriptor} by forwarding each call to the same method on an
 * encoder's {@link Channel} (grpc-java's GrpcProxy pattern, with the generated method descriptors so the definition
 * is the service's own and reflection lists it).
 *
 * <ul>
 *   <li><b>deadline</b>: the caller's (the server call's context deadline) is the forwarded call's deadline; the
 *       forwarded call is made in the caller's context, so the caller cancelling also cancels it, and
 *       {@code onCancel} cancels it explicitly too;
 *   <li><b>metadata</b>: request headers go to the encoder, its response headers and trailers (with the rich status)
 *       come back, minus transport and reserved ones ({@link ForwardedMetadata});
 *   <li><b>flow control</b>: one message is requested at a time on each side; the next one only once the message
 *       just relayed could be written without buffering ({@code isReady}), else when the receiving side reports
 *       {@code onReady}. A stream is never held whole in the gateway;
 *   <li><b>errors</b>: the encoder's status and trailers pass unchanged; UNAVAILABLE without a rich status (the
 *       encoder could not be reached) becomes UNAVAILABLE with ErrorInfo {@code ENCODER_UNAVAILABLE} naming the
 *       encoder and RetryInfo.
 * </ul>
 */
public final class Forwarder {

    /** ErrorInfo reason of a forwarded call whose encoder could not be reached. */
    public static final String ENCODER_UNAVAILABLE = "ENCODER_UNAVAILABLE";

    private Forwarder() {}

    /**
     * A definition of {@code service} whose every method is forwarded to {@code channel}.
     *
     * @param encoder the encoder's name for errors ({@code text-service})
     * @param retryAfter the RetryInfo delay when the encoder cannot be reached
     */
    public static ServerServiceDefinition forward(
            ServiceDescriptor service, Channel channel, String encoder, Duration retryAfter) {
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service);
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            definition.addMethod(definition(method, channel, encoder, retryAfter));
        }
        return definition.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> definition(
            MethodDescriptor<Q, R> method, Channel channel, String encoder, Duration retryAfter) {
        return ServerMethodDefinition.create(method, new Handler<>(method, channel, encoder, retryAfter));
    }

    private record Handler<Q, R>(MethodDescriptor<Q, R> method, Channel channel, String encoder, Duration retryAfter)
            implements ServerCallHandler<Q, R> {

        @Override
        public ServerCall.Listener<Q> startCall(ServerCall<Q, R> serverCall, Metadata headers) {
            CallOptions options = CallOptions.DEFAULT;
            Deadline deadline = Context.current().getDeadline();
            if (deadline != null) {
                options = options.withDeadline(deadline);
            }
            ClientCall<Q, R> clientCall = channel.newCall(method, options);
            Relay<Q, R> relay = new Relay<>(serverCall, clientCall, encoder, retryAfter);
            clientCall.start(relay.fromEncoder, ForwardedMetadata.requestHeaders(headers));
            clientCall.request(1);
            serverCall.request(1);
            return relay.fromCaller;
        }
    }

    /** One forwarded call: the caller's side ({@code serverCall}) and the encoder's ({@code clientCall}). */
    private static final class Relay<Q, R> {
        private final ServerCall<Q, R> serverCall;
        private final ClientCall<Q, R> clientCall;
        private final String encoder;
        private final Duration retryAfter;
        /** A request message was relayed while the encoder was not ready: ask for the next one on its onReady. */
        private boolean callerMessageOwed;
        /** A response was relayed while the caller was not ready: ask for the next one on its onReady. */
        private boolean encoderMessageOwed;

        private volatile boolean encoderClosed;

        final ServerCall.Listener<Q> fromCaller = new ServerCall.Listener<>() {
            @Override
            public void onMessage(Q message) {
                if (encoderClosed) {
                    return; // the encoder has answered; the rest of the upload has nowhere to go
                }
                clientCall.sendMessage(message);
                synchronized (Relay.this) {
                    if (clientCall.isReady()) {
                        serverCall.request(1);
                    } else {
                        callerMessageOwed = true;
                    }
                }
            }

            @Override
            public void onHalfClose() {
                if (!encoderClosed) {
                    clientCall.halfClose();
                }
            }

            @Override
            public void onCancel() {
                clientCall.cancel("the caller cancelled the call", null);
            }

            @Override
            public void onReady() {
                synchronized (Relay.this) {
                    if (encoderMessageOwed) {
                        encoderMessageOwed = false;
                        clientCall.request(1);
                    }
                }
            }
        };

        final ClientCall.Listener<R> fromEncoder = new ClientCall.Listener<>() {
            @Override
            public void onHeaders(Metadata headers) {
                serverCall.sendHeaders(ForwardedMetadata.responseHeaders(headers));
            }

            @Override
            public void onMessage(R message) {
                serverCall.sendMessage(message);
                synchronized (Relay.this) {
                    if (serverCall.isReady()) {
                        clientCall.request(1);
                    } else {
                        encoderMessageOwed = true;
                    }
                }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                encoderClosed = true;
                if (serverCall.isCancelled()) {
                    return;
                }
                Metadata forwarded = ForwardedMetadata.trailers(trailers);
                if (status.getCode() == Status.Code.UNAVAILABLE && !hasRichStatus(trailers)) {
                    StatusRuntimeException unreachable = unreachable(status, forwarded);
                    serverCall.close(unreachable.getStatus(), unreachable.getTrailers());
                } else {
                    serverCall.close(status, forwarded);
                }
            }

            @Override
            public void onReady() {
                synchronized (Relay.this) {
                    if (callerMessageOwed) {
                        callerMessageOwed = false;
                        serverCall.request(1);
                    }
                }
            }
        };

        Relay(ServerCall<Q, R> serverCall, ClientCall<Q, R> clientCall, String encoder, Duration retryAfter) {
            this.serverCall = serverCall;
            this.clientCall = clientCall;
            this.encoder = encoder;
            this.retryAfter = retryAfter;
        }

        private static boolean hasRichStatus(Metadata trailers) {
            return trailers.containsKey(
                    Metadata.Key.of(ForwardedMetadata.STATUS_DETAILS, Metadata.BINARY_BYTE_MARSHALLER));
        }

        /** UNAVAILABLE that no encoder sent (refused connection, no address): ErrorInfo naming it, and RetryInfo. */
        private StatusRuntimeException unreachable(Status status, Metadata trailers) {
            com.google.rpc.Status rich = com.google.rpc.Status.newBuilder()
                    .setCode(Status.Code.UNAVAILABLE.value())
                    .setMessage(encoder + ": "
                            + (status.getDescription() == null ? "unavailable" : status.getDescription()))
                    .addDetails(Any.pack(ErrorInfo.newBuilder()
                            .setDomain(GrpcErrors.DOMAIN)
                            .setReason(ENCODER_UNAVAILABLE)
                            .putMetadata("encoder", encoder)
                            .build()))
                    .addDetails(Any.pack(RetryInfo.newBuilder()
                            .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(retryAfter.getSeconds())
                                    .setNanos(retryAfter.getNano()))
                            .build()))
                    .build();
            return StatusProto.toStatusRuntimeException(rich, trailers);
        }
    }
}
