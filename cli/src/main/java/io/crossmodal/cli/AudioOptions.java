package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.servicekit.cli.DurationConverter;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where the audio service is and how long to wait for it; shared by the {@code audio} subcommands. Its own mixin, as
 * {@link VisionOptions} is, because picocli defaults are fixed per annotation: the default target is the audio
 * service's port.
 */
public final class AudioOptions {

    @Option(
            names = {"-t", "--target"},
            defaultValue = "localhost:9093",
            paramLabel = "HOST:PORT",
            description = "Audio service gRPC address, host:port or a gRPC target such as dns:///host:port "
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
    AudioServiceGrpc.AudioServiceBlockingStub blocking(ManagedChannel channel) {
        return AudioServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The asynchronous stub, for the bidirectional StreamingTranscribe. */
    AudioServiceGrpc.AudioServiceStub async(ManagedChannel channel) {
        return AudioServiceGrpc.newStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }
}
