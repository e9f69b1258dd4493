package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * One unary call per file ({@link PerImageCommand}, {@link PerAudioCommand}). A failed file is reported and the next
 * one still runs, as a person pointing the command at a folder of files expects; the exit code is 1 when any file
 * failed.
 */
final class EachFile {

    /** Calls the service for one file and prints its result; a failed call throws StatusRuntimeException. */
    @FunctionalInterface
    interface Call {
        void run(InputFile file, Media media) throws IOException;
    }

    private EachFile() {}

    /** Runs {@code call} for each file in order; returns the exit code. */
    static int run(List<InputFile> files, PrintWriter out, PrintWriter err, Call call) {
        int failed = 0;
        try {
            for (InputFile file : files) {
                try {
                    call.run(file, file.media());
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
        }
    }
}
