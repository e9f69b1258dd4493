package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.common.v1.Media;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * An audio subcommand that makes one unary call per file (transcribe, detect-speech), as {@link PerImageCommand}
 * does for images: a failed file is reported and the next one still runs; the exit code is 1 when any file failed.
 */
abstract class PerAudioCommand implements Callable<Integer> {

    @Mixin
    AudioOptions audio;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (wav, flac, mp3, ogg), one call each.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Calls the service for one file and prints its result; a failed call throws StatusRuntimeException. */
    abstract void analyze(AudioServiceGrpc.AudioServiceBlockingStub stub, InputFile file, Media clip, PrintWriter out);

    /** Option checks the service cannot make (a negative count would wrap around in a uint32). */
    void checkOptions() {}

    UsageException usage(String message) {
        return new UsageException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        checkOptions();
        List<InputFile> clips = InputFile.Kind.AUDIO.check(spec.commandLine(), files);
        ManagedChannel channel = audio.open();
        try {
            return EachFile.run(
                    clips,
                    spec.commandLine().getOut(),
                    spec.commandLine().getErr(),
                    (file, media) -> analyze(
                            audio.blocking(channel),
                            file,
                            media,
                            spec.commandLine().getOut()));
        } finally {
            Channels.close(channel);
        }
    }
}
