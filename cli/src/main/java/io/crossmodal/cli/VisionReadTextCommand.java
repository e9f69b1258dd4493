package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.ReadTextRequest;
import io.crossmodal.vision.v1.ReadTextResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crossmodal vision read-text}: VisionService.ReadText (OCR), one call per file. */
@Command(
        name = "read-text",
        mixinStandardHelpOptions = true,
        description = "Reads the text lines of images (VisionService.ReadText) and prints, per line in reading "
                + "order, its confidence, box, rotation when it is rotated, and text.")
final class VisionReadTextCommand extends PerImageCommand {

    @Option(
            names = "--min-confidence",
            paramLabel = "F",
            description = "Drop lines whose confidence is below this, in [0, 1]. Default: the service's.")
    float minConfidence;

    @Override
    void analyze(VisionServiceGrpc.VisionServiceBlockingStub stub, InputFile file, Media image, PrintWriter out) {
        ReadTextResponse response = stub.readText(ReadTextRequest.newBuilder()
                .setImage(image)
                .setMinConfidence(minConfidence)
                .build());
        out.println(file.name() + ": " + VisionFormat.image(response.getImage()));
        VisionFormat.lines(out, response.getLinesList());
    }
}
