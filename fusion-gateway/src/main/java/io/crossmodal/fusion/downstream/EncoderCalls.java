package io.crossmodal.fusion.downstream;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.crossmodal.common.v1.Modality;
import io.crossmodal.fusion.metrics.FanoutMetrics;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One call to an encoder, shared by the encoder clients: the stub gets the caller's deadline (so the encoder drops
 * work nobody waits for any more) and the call is timed per encoder, RPC and outcome.
 */
final class EncoderCalls {

    private EncoderCalls() {}

    static <S extends AbstractStub<S>, T> CompletableFuture<T> call(
            FanoutMetrics metrics,
            Modality modality,
            String rpc,
            S stub,
            Deadline deadline,
            Function<S, ListenableFuture<T>> invocation) {
        long start = System.nanoTime();
        CompletableFuture<T> result = new CompletableFuture<>();
        ListenableFuture<T> future;
        try {
            future = invocation.apply(stub.withDeadline(deadline));
        } catch (RuntimeException e) {
            // A stub may throw synchronously (say, a request it cannot serialise); report it like a failed call.
            metrics.record(modality, rpc, Status.fromThrowable(e).getCode().name(), System.nanoTime() - start);
            return CompletableFuture.failedFuture(e);
        }
        Futures.addCallback(
                future,
                new FutureCallback<>() {
                    @Override
                    public void onSuccess(T value) {
                        metrics.record(modality, rpc, "OK", System.nanoTime() - start);
                        result.complete(value);
                    }

                    @Override
                    public void onFailure(Throwable error) {
                        metrics.record(
                                modality,
                                rpc,
                                Status.fromThrowable(error).getCode().name(),
                                System.nanoTime() - start);
                        result.completeExceptionally(error);
                    }
                },
                MoreExecutors.directExecutor());
        return result;
    }
}
