package io.crossmodal.cli;

import io.crossmodal.common.v1.Media;
import io.crossmodal.vision.v1.DetectObjectsRequest;
import io.crossmodal.vision.v1.DetectObjectsResponse;
import io.crossmodal.vision.v1.VisionServiceGrpc;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crossmodal vision detect}: VisionService.DetectObjects, one call per file. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Finds objects in images (VisionService.DetectObjects) and prints, per object, its label, "
                + "score and box [x_min, y_min, x_max, y_max] in pixels.")
final class VisionDetectCommand extends PerImageCommand {

    // 0 means "the service default" in the request, so an unset option is simply not sent
    @Option(
            names = "--min-score",
            paramLabel = "F",
            description = "Drop objects scoring below this, in [0, 1]. Default: the service's.")
    float minScore;

    @Option(
            names = "--nms-iou",
            paramLabel = "F",
            description = "Among boxes of one label overlapping more than this IoU keep the best, in (0, 1]. "
                    + "Default: the service's.")
    float nmsIou;

    @Option(
            names = "--max-objects",
            paramLabel = "N",
            description = "At most this many objects, best first. Default: the service's.")
    int maxObjects;

    @Option(
            names = {"-m", "--model"},
            paramLabel = "NAME",
            description = "Detection model by name. Default: the service's (CenterNet).")
    String model;

    @Override
    void checkOptions() {
        if (maxObjects < 0) {
            throw usage("--max-objects must not be negative: " + maxObjects);
        }
    }

    @Override
    void analyze(VisionServiceGrpc.VisionServiceBlockingStub stub, InputFile file, Media image, PrintWriter out) {
        DetectObjectsRequest.Builder request = DetectObjectsRequest.newBuilder()
                .setImage(image)
                .setMinScore(minScore)
                .setNmsIouThreshold(nmsIou)
                .setMaxObjects(maxObjects);
        if (model != null) {
            request.setModel(model);
        }
        DetectObjectsResponse response = stub.detectObjects(request.build());
        out.println(file.name() + ": " + VisionFormat.image(response.getImage()));
        VisionFormat.objects(out, response.getObjectsList());
    }
}
