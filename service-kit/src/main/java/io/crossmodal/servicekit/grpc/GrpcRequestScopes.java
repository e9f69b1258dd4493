package io.crossmodal.servicekit.grpc;

import io.crossmodal.servicekit.call.RequestScope;
import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/** Builds a {@link RequestScope} from the current gRPC call: its deadline and its cancellation. */
public final class GrpcRequestScopes {

    private GrpcRequestScopes() {}

    /** The scope of the gRPC call on this thread (unbounded outside a call). */
    public static RequestScope current() {
        Context context = Context.current();
        Deadline deadline = context.getDeadline();
        long deadlineNanos =
                deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
        return new RequestScope(deadlineNanos, context::isCancelled);
    }
}
