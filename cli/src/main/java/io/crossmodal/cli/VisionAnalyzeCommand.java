package io.crossmodal.cli;

import io.crossmodal.common.v1.UploadHeader;
import io.crossmodal.vision.v1.AnalyzeImageHeader;
import io.crossmodal.vision.v1.AnalyzeImageResponse;
import io.crossmodal.vision.v1.ImageTask;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crossmodal vision analyze}: VisionService.AnalyzeImageStream, the client-streaming upload, running several
 * tasks on one decode of the image. Each task has its own status: a failed task is reported and the others are
 * still printed; the exit code is 1 when any requested task failed.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Uploads one image in chunks (VisionService.AnalyzeImageStream) and runs several tasks on it: "
                + "object detection, text reading, embedding, description. Prints each task's status and result.")
final class VisionAnalyzeCommand implements Callable<Integer> {

    /** The tasks as they are spelled on the command line. */
    enum Task {
        DETECT("detect", ImageTask.IMAGE_TASK_DETECT_OBJECTS),
        TEXT("text", ImageTask.IMAGE_TASK_READ_TEXT),
        EMBED("embed", ImageTask.IMAGE_TASK_EMBED),
        DESCRIBE("describe", ImageTask.IMAGE_TASK_DESCRIBE);

        final String label;
        final ImageTask proto;

        Task(String label, ImageTask proto) {
            this.label = label;
            this.proto = proto;
        }

        static final class Converter implements CommandLine.ITypeConverter<Task> {
            @Override
            public Task convert(String value) {
                for (Task t : values()) {
                    if (t.label.equalsIgnoreCase(value.trim())) {
                        return t;
                    }
                }
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a task; use detect, text, embed or describe");
            }
        }
    }

    @Mixin
    VisionOptions vision;

    @Option(
            names = "--chunk-size",
            defaultValue = "65536",
            paramLabel = "BYTES",
            description = "Bytes per data message. Default: ${DEFAULT-VALUE}.")
    int chunkSize;

    @Option(
            names = "--tasks",
            split = ",",
            defaultValue = "detect,text,embed,describe",
            paramLabel = "TASK",
            converter = Task.Converter.class,
            description = "Tasks to run, comma-separated: detect, text, embed, describe. Default: all.")
    List<Task> tasks;

    @Option(
            names = "--client-id",
            defaultValue = "",
            paramLabel = "ID",
            description = "Identifier the service echoes in its response.")
    String clientId;

    @Option(
            names = "--values",
            defaultValue = "5",
            paramLabel = "N",
            description = "How many leading embedding components to print. Default: ${DEFAULT-VALUE}.")
    int values;

    @Parameters(index = "0", paramLabel = "FILE", description = "The image file (png, jpeg, gif, bmp, webp, tiff).")
    String file;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (chunkSize <= 0) {
            throw new UsageException(spec.commandLine(), "--chunk-size must be positive: " + chunkSize);
        }
        if (values < 0) {
            throw new UsageException(spec.commandLine(), "--values must not be negative: " + values);
        }
        InputFile image = InputFile.Kind.IMAGE.check(spec.commandLine(), file);
        // one order whatever the command line's: the service's, which is also the order of the printout
        Set<Task> requested = EnumSet.copyOf(tasks);
        AnalyzeImageHeader.Builder header = AnalyzeImageHeader.newBuilder()
                .setUpload(UploadHeader.newBuilder()
                        .setMimeType(image.mimeType())
                        // declared, so the service refuses an oversized file before any of it is sent
                        .setTotalBytes(image.size())
                        .setClientId(clientId));
        requested.forEach(t -> header.addTasks(t.proto));

        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = vision.open();
        try (InputStream data = Files.newInputStream(image.path())) {
            AnalyzeImageResponse response =
                    ChunkedUpload.upload(vision.async(channel), header.build(), data, chunkSize);
            return print(out, err, image, requested, response) ? 0 : CrossmodalCli.EXIT_RPC_ERROR;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } catch (IOException e) {
            err.println("error: cannot read " + image.name() + ": " + e.getMessage());
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }

    /** Prints the image and each requested task; true when every requested task succeeded. */
    private boolean print(
            PrintWriter out, PrintWriter err, InputFile image, Set<Task> requested, AnalyzeImageResponse r) {
        String echo = r.getClientId().isEmpty() ? "" : " (client id " + r.getClientId() + ")";
        out.println(image.name() + ": " + VisionFormat.image(r.getImage()) + echo);
        boolean ok = true;
        for (Task task : requested) {
            com.google.rpc.Status status = switch (task) {
                case DETECT -> r.getObjectsStatus();
                case TEXT -> r.getTextStatus();
                case EMBED -> r.getEmbeddingStatus();
                case DESCRIBE -> r.getDescriptionStatus();
            };
            if (status.getCode() != 0) {
                out.flush();
                StatusPrinter.print(err, task.label + ": error: ", status);
                err.flush();
                ok = false;
                continue;
            }
            out.println(task.label + ": OK");
            switch (task) {
                case DETECT -> VisionFormat.objects(out, r.getObjectsList());
                case TEXT -> VisionFormat.lines(out, r.getTextLinesList());
                case EMBED -> {
                    out.println("  space " + r.getEmbedding().getSpaceId());
                    out.println("  " + VisionFormat.values(r.getEmbedding(), values));
                }
                case DESCRIBE -> out.println("  " + r.getDescription());
            }
        }
        return ok;
    }
}
