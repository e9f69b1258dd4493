package io.crossmodal.cli;

import io.crossmodal.audio.v1.AudioServiceGrpc;
import io.crossmodal.common.v1.Media;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
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

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Audio files (wav, flac, mp3, ogg), one call each.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Calls the service for one file and prints its result; a failed call throws StatusRuntimeException. */
    abstract void analyze(AudioServiceGrpc.AudioServiceBlockingStub stub, AudioFile file, Media clip,
            PrintWriter out);

    /** Option checks the service cannot make (a negative count would wrap around in a uint32). */
    void checkOptions() {}

    UsageException usage(String message) {
        return new UsageException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        checkOptions();
        List<AudioFile> clips = AudioFile.check(spec.commandLine(), files);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = audio.open();
        int failed = 0;
        try {
            for (AudioFile file : clips) {
                try {
                    analyze(audio.blocking(channel), file, file.media(), out);
                } catch (IOException e) {
                    // checked readable a moment ago; it changed since: this file fails, the others go on
                    err.println(file.name() + ": error: cannot read the file: " + e.getMessage());
                    failed++;
                } catch (StatusRuntimeException e) {
                    StatusPrinter.print(err, file.name() + ": error: ", e);
                    failed++;
                }
                // keep a file's result and a file's error in order on a terminal that shows both streams
                out.flush();
                err.flush();
            }
            return failed == 0 ? 0 : CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }
}
