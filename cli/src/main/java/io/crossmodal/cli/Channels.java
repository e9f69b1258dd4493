package io.crossmodal.cli;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Plaintext channels to a Crossmodal service: the gateway and the services the CLI talks to directly. */
final class Channels {

    private Channels() {}

    /** A plaintext channel to {@code target} (host:port or a gRPC target); close it with {@link #close}. */
    static ManagedChannel open(String target) {
        return NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                // answers carry vectors and, for images, many boxes and lines: more than grpc-java's 4 MiB default
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
    }

    static void close(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
