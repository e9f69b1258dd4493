package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import io.grpc.ManagedChannel;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A vision subcommand that makes one unary call per file (detect, read-text, describe). A failed file is reported
 * and the next one still runs, as a person pointing the command at a folder of images expects; the exit code is 1
 * when any file failed.
 */
abstract class PerImageCommand implements Callable<Integer> {

    @Mixin
    VisionOptions vision;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Image files (png, jpeg, gif, bmp, webp, tiff), one call each.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Calls the service for one file and prints its result; a failed call throws StatusRuntimeException. */
    abstract void analyze(
            VisionServiceGrpc.VisionServiceBlockingStub stub, InputFile file, Media image, PrintWriter out);

    /** Option checks the service cannot make (a negative count would wrap around in a uint32). */
    void checkOptions() {}

    UsageException usage(String message) {
        return new UsageException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        checkOptions();
        List<InputFile> images = InputFile.Kind.IMAGE.check(spec.commandLine(), files);
        ManagedChannel channel = vision.open();
        try {
            return EachFile.run(
                    images,
                    spec.commandLine().getOut(),
                    spec.commandLine().getErr(),
                    (file, media) -> analyze(
                            vision.blocking(channel),
                            file,
                            media,
                            spec.commandLine().getOut()));
        } finally {
            Channels.close(channel);
        }
    }
}
