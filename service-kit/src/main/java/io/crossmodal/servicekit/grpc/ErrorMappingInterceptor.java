package io.crossmodal.servicekit.grpc;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one place where a gRPC call's failure becomes a status: a service class may throw a domain exception or hand
 * it to {@code StreamObserver.onError} as it is, and the caller gets the code and details {@link GrpcErrors} gives
 * it (ErrorInfo always, BadRequest, RetryInfo) instead of grpc-java's bare UNKNOWN. Errors that already are gRPC
 * statuses pass unchanged.
 *
 * <p>grpc-java turns a non-status exception given to {@code onError} into UNKNOWN with the exception as cause; this
 * interceptor maps exactly those, and exceptions thrown out of the service's listener methods.
 */
@ApplicationScoped
@GlobalInterceptor
public class ErrorMappingInterceptor implements ServerInterceptor {

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        MappingCall<Q, R> mapping = new MappingCall<>(call);
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(mapping, headers);
        } catch (RuntimeException e) {
            mapping.fail(e);
            return new ServerCall.Listener<>() {};
        }
        return new SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                try {
                    super.onMessage(message);
                } catch (RuntimeException e) {
                    mapping.fail(e);
                }
            }

            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } catch (RuntimeException e) {
                    mapping.fail(e);
                }
            }

            @Override
            public void onReady() {
                try {
                    super.onReady();
                } catch (RuntimeException e) {
                    mapping.fail(e);
                }
            }
        };
    }

    /** A call whose close maps an UNKNOWN-with-cause status, and which closes at most once. */
    private static final class MappingCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
        private final AtomicBoolean closed = new AtomicBoolean();

        MappingCall(ServerCall<Q, R> delegate) {
            super(delegate);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (status.getCode() == Status.Code.UNKNOWN && status.getCause() != null) {
                StatusRuntimeException mapped = GrpcErrors.toStatusRuntimeException(status.getCause());
                Metadata merged = new Metadata();
                merged.merge(trailers);
                if (mapped.getTrailers() != null) {
                    merged.merge(mapped.getTrailers());
                }
                super.close(mapped.getStatus(), merged);
            } else {
                super.close(status, trailers);
            }
        }

        /** Ends the call with {@code error} mapped, unless it has already ended (then there is no one to tell). */
        void fail(RuntimeException error) {
            if (closed.get()) {
                return;
            }
            StatusRuntimeException mapped = GrpcErrors.toStatusRuntimeException(error);
            close(mapped.getStatus(), mapped.getTrailers() == null ? new Metadata() : mapped.getTrailers());
        }
    }
}
