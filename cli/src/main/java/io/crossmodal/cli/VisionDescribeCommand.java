package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.DescribeImageRequest;
import io.crossmodal.vision.v1.DescribeImageResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crossmodal vision describe}: VisionService.DescribeImage, one call per file. */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Describes images as text (VisionService.DescribeImage): the description, then the object "
                + "tags, best first.")
final class VisionDescribeCommand extends PerImageCommand {

    @Option(
            names = "--min-tag-score",
            paramLabel = "F",
            description = "Leave out tags scoring below this, in [0, 1]. Default: the service's.")
    float minTagScore;

    @Override
    void analyze(VisionServiceGrpc.VisionServiceBlockingStub stub, InputFile file, Media image, PrintWriter out) {
        DescribeImageResponse response = stub.describeImage(DescribeImageRequest.newBuilder()
                .setImage(image)
                .setMinTagScore(minTagScore)
                .build());
        out.println(file.name() + ": " + VisionFormat.image(response.getImage()));
        out.println("  " + response.getDescription());
        out.println("  tags: " + VisionFormat.tags(response.getTagsList()));
    }
}
