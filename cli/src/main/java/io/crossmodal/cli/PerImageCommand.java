package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.VisionServiceGrpc;
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
 * A vision subcommand that makes one unary call per file (detect, read-text, describe). A failed file is reported
 * and the next one still runs, as a person pointing the command at a folder of images expects; the exit code is 1
 * when any file failed.
 */
abstract class PerImageCommand implements Callable<Integer> {

    @Mixin
    VisionOptions vision;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Image files (png, jpeg, gif, bmp, webp, tiff), one call each.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Calls the service for one file and prints its result; a failed call throws StatusRuntimeException. */
    abstract void analyze(VisionServiceGrpc.VisionServiceBlockingStub stub, ImageFile file, Media image,
            PrintWriter out);

    /** Option checks the service cannot make (a negative count would wrap around in a uint32). */
    void checkOptions() {}

    UsageException usage(String message) {
        return new UsageException(spec.commandLine(), message);
    }

    @Override
    public Integer call() {
        checkOptions();
        List<ImageFile> images = ImageFile.check(spec.commandLine(), files);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = vision.open();
        int failed = 0;
        try {
            for (ImageFile file : images) {
                try {
                    analyze(vision.blocking(channel), file, file.media(), out);
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
