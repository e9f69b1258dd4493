package io.crossmodal.servicekit.grpc;

import io.crossmodal.servicekit.config.GrpcServerConfig;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the gRPC calls a service is working on, exports the count as {@code crossmodal_grpc_calls_in_flight}, and
 * holds shutdown until they have finished (at most {@code crossmodal.grpc.drain-timeout}, default 30 s).
 *
 * <p>Why: on SIGTERM Quarkus stops the gRPC server at once and calls still running fail with UNAVAILABLE ("Connection
 * closed after GOAWAY", measured on a Transcribe). Kubernetes gives a pod {@code terminationGracePeriodSeconds}
 * after its preStop hook; the wait here is what uses that time. The same count is a per-pod load signal for
 * autoscaling ({@code deploy/}).
 */
@ApplicationScoped
@GlobalInterceptor
@Startup // so the gauge exists (at 0) before the first call
public class InFlightCalls implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(InFlightCalls.class);

    public static final String METRIC = "crossmodal.grpc.calls.in.flight";

    private final CallCounter counter = new CallCounter();
    private final GrpcServerConfig settings;

    /** Registers the gauge when a Micrometer registry exists (every service has one). */
    @jakarta.inject.Inject
    InFlightCalls(Instance<MeterRegistry> registries, GrpcServerConfig settings) {
        this.settings = settings;
        if (registries.isResolvable()) {
            Gauge.builder(METRIC, counter, CallCounter::inFlight)
                    .description("gRPC calls this pod is working on (unary and streaming)")
                    .register(registries.get());
        }
    }

    /** The counter, for tests and for code that wants the current load. */
    public CallCounter counter() {
        return counter;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return counter.track(call, headers, next);
    }

    /** Runs before the gRPC server stops (Quarkus fires ShutdownEvent first): waits for the calls in flight. */
    void drain(@Observes @Priority(1) ShutdownEvent event) {
        Duration timeout = settings.drainTimeout();
        int before = counter.inFlight();
        if (before == 0) {
            return;
        }
        LOG.info("shutting down: waiting up to {} for {} gRPC call(s) in flight", timeout, before);
        boolean drained = counter.awaitIdle(timeout);
        if (drained) {
            LOG.info("shutting down: every call in flight has finished");
        } else {
            LOG.warn(
                    "shutting down: {} gRPC call(s) still running after {}; they will be cut",
                    counter.inFlight(),
                    timeout);
        }
    }

    /** The count itself, free of CDI so it can be tested on a plain grpc-java server. */
    public static final class CallCounter {
        private int inFlight;

        public synchronized int inFlight() {
            return inFlight;
        }

        private synchronized void started() {
            inFlight++;
        }

        private synchronized void finished() {
            inFlight--;
            notifyAll();
        }

        /** Waits until no call is in flight or {@code timeout} has passed; true when none is. */
        public synchronized boolean awaitIdle(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inFlight == 0;
            }
        }

        /** Counts {@code call} from now until it is closed or cancelled (whichever comes first, once). */
        public <Q, R> ServerCall.Listener<Q> track(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            AtomicBoolean done = new AtomicBoolean();
            Runnable finish = () -> {
                if (done.compareAndSet(false, true)) {
                    finished();
                }
            };
            started();
            ServerCall<Q, R> counted = new SimpleForwardingServerCall<>(call) {
                @Override
                public void close(Status status, Metadata trailers) {
                    try {
                        super.close(status, trailers);
                    } finally {
                        finish.run();
                    }
                }
            };
            ServerCall.Listener<Q> listener;
            try {
                listener = next.startCall(counted, headers);
            } catch (RuntimeException e) {
                finish.run();
                throw e;
            }
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
                @Override
                public void onCancel() {
                    try {
                        super.onCancel();
                    } finally {
                        finish.run();
                    }
                }

                @Override
                public void onComplete() {
                    try {
                        super.onComplete();
                    } finally {
                        finish.run();
                    }
                }
            };
        }
    }
}
