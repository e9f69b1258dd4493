package io.crossmodal.cli;

import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.vision.v1.EmbedImageResult;
import io.crossmodal.vision.v1.EmbedImagesRequest;
import io.crossmodal.vision.v1.EmbedImagesResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crossmodal vision embed}: one VisionService.EmbedImages call with every file, so the images are batched
 * together and their vectors are comparable (one model, one space); prints the cosine of each with the first.
 */
@Command(
        name = "embed",
        mixinStandardHelpOptions = true,
        description = "Embeds images in the vision space in one call (VisionService.EmbedImages) and prints the "
                + "space, the leading values of each vector, and the cosine similarity of every later image "
                + "with the first.")
final class VisionEmbedCommand implements Callable<Integer> {

    @Mixin
    VisionOptions vision;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Embedding model by name. Default: the service's.")
    String model;

    @Option(
            names = "--values",
            defaultValue = "5",
            paramLabel = "N",
            description = "How many leading vector components to print. Default: ${DEFAULT-VALUE}.")
    int values;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE",
            description = "Image files (png, jpeg, gif, bmp, webp, tiff), all in one call.")
    List<String> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (values < 0) {
            throw new UsageException(spec.commandLine(), "--values must not be negative: " + values);
        }
        List<InputFile> images = InputFile.Kind.IMAGE.check(spec.commandLine(), files);
        EmbedImagesRequest request = request(images);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ManagedChannel channel = vision.open();
        try {
            EmbedImagesResponse response = vision.blocking(channel).embedImages(request);
            if (response.getResultsCount() != images.size()) {
                err.println("error: the service returned " + response.getResultsCount() + " results for "
                        + images.size() + " images");
                return CrossmodalCli.EXIT_RPC_ERROR;
            }
            for (EmbeddingSpace space : response.getSpacesList()) {
                out.println("space " + VisionFormat.space(space));
            }
            int failed = 0;
            int first = -1;
            for (int i = 0; i < images.size(); i++) {
                String name = images.get(i).name();
                EmbedImageResult result = response.getResults(i);
                if (result.getStatus().getCode() != 0) {
                    StatusPrinter.print(err, name + ": error: ", result.getStatus());
                    failed++;
                } else if (!result.hasEmbedding()) {
                    err.println(name + ": error: the service returned no embedding");
                    failed++;
                } else {
                    out.println(name + ": " + VisionFormat.values(result.getEmbedding(), values));
                    first = first < 0 ? i : first;
                }
            }
            printCosines(out, images, response, first);
            return failed == 0 ? 0 : CrossmodalCli.EXIT_RPC_ERROR;
        } catch (StatusRuntimeException e) {
            StatusPrinter.print(err, "error: ", e);
            return CrossmodalCli.EXIT_RPC_ERROR;
        } finally {
            out.flush();
            err.flush();
            Channels.close(channel);
        }
    }

    /** Reads every file before the call: all of them go in one message, and a read failure is still a usage error. */
    private EmbedImagesRequest request(List<InputFile> images) {
        EmbedImagesRequest.Builder request = EmbedImagesRequest.newBuilder();
        if (model != null) {
            request.setModel(model);
        }
        for (InputFile image : images) {
            try {
                request.addImages(image.media());
            } catch (IOException e) {
                throw new UsageException(
                        spec.commandLine(),
                        "Image file '" + image.name() + "': cannot be read (" + e.getMessage() + ")");
            }
        }
        return request.build();
    }

    /** The cosine of every later embedded image with the first embedded one, when both are in one space. */
    private static void printCosines(PrintWriter out, List<InputFile> images, EmbedImagesResponse response, int first) {
        if (first < 0) {
            return;
        }
        Embedding a = response.getResults(first).getEmbedding();
        for (int i = first + 1; i < images.size(); i++) {
            EmbedImageResult r = response.getResults(i);
            if (r.getStatus().getCode() != 0 || !r.hasEmbedding()) {
                continue;
            }
            Embedding b = r.getEmbedding();
            String pair =
                    "cosine(" + images.get(first).name() + ", " + images.get(i).name() + ")";
            if (!a.getSpaceId().equals(b.getSpaceId()) || a.getValuesCount() != b.getValuesCount()) {
                // vectors of different spaces mean nothing to each other (see EmbeddingSpace in common.proto)
                out.println(pair + ": not comparable, spaces " + a.getSpaceId() + " and " + b.getSpaceId());
                continue;
            }
            double cosine = Encoding.cosine(a.getValuesList(), b.getValuesList());
            out.println(pair + " = " + String.format(Locale.ROOT, "%.3f", cosine));
        }
    }
}
