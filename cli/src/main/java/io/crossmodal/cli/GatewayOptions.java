package io.crossmodal.cli;

import io.crossmodal.fusion.v1.FusionServiceGrpc;
import io.crossmodal.servicekit.cli.DurationConverter;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Where the gateway is and how long to wait for it; shared by the gateway subcommands (embed, models, ...). */
public final class GatewayOptions {

    @Option(
            names = {"-t", "--target"},
            defaultValue = "localhost:9090",
            paramLabel = "HOST:PORT",
            description = "Gateway gRPC address, host:port or a gRPC target such as dns:///host:port "
                    + "(plaintext). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(
            names = "--deadline",
            defaultValue = "30s",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Deadline of the call, e.g. 500ms, 30s, 2m. Default: ${DEFAULT-VALUE}.")
    Duration deadline;

    /** A plaintext channel to the gateway; close it with {@link #close(ManagedChannel)}. */
    ManagedChannel open() {
        return Channels.open(target);
    }

    FusionServiceGrpc.FusionServiceBlockingStub stub(ManagedChannel channel) {
        return FusionServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    static void close(ManagedChannel channel) {
        Channels.close(channel);
    }
}
