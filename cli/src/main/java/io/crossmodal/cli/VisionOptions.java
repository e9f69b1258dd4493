package io.crossmodal.cli;

import io.crossmodal.servicekit.cli.DurationConverter;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where the vision service is and how long to wait for it; shared by the {@code vision} subcommands. A mixin of
 * its own rather than {@link GatewayOptions} because picocli defaults are fixed per annotation, and these commands
 * skip the gateway: their default target is the vision service's port, not the gateway's.
 */
public final class VisionOptions {

    @Option(
            names = {"-t", "--target"},
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT",
            description = "Vision service gRPC address, host:port or a gRPC target such as dns:///host:port "
                    + "(plaintext). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(
            names = "--deadline",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Deadline of each call, e.g. 500ms, 30s, 2m. Default: ${DEFAULT-VALUE}.")
    Duration deadline;

    ManagedChannel open() {
        return Channels.open(target);
    }

    /** A stub whose deadline starts now: take a fresh one for every call, so each file gets the full deadline. */
    VisionServiceGrpc.VisionServiceBlockingStub blocking(ManagedChannel channel) {
        return VisionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The asynchronous stub, for the client-streaming AnalyzeImageStream. */
    VisionServiceGrpc.VisionServiceStub async(ManagedChannel channel) {
        return VisionServiceGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}
