package io.crossmodal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code crossmodal vision}: talks to the vision service (crossmodal.vision.v1.VisionService) directly, not through
 * the gateway, for what only the vision service offers: boxes, text lines, image descriptions, the chunked upload.
 */
@Command(
        name = "vision",
        mixinStandardHelpOptions = true,
        description = "Calls the vision service directly (crossmodal.vision.v1.VisionService, default "
                + "localhost:9092): object detection, text reading, image embeddings and descriptions.",
        subcommands = {
            VisionDetectCommand.class,
            VisionReadTextCommand.class,
            VisionDescribeCommand.class,
            VisionEmbedCommand.class,
            VisionAnalyzeCommand.class,
            VisionModelsCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "The MIME type comes from the file extension (png, jpg/jpeg, gif, bmp, webp,",
            "tif/tiff); other files are sent without one and the service sniffs the bytes.",
            "",
            "Examples:",
            "  crossmodal vision detect --min-score 0.3 chelsea.png",
            "  crossmodal vision read-text text.png",
            "  crossmodal vision describe astronaut.png",
            "  crossmodal vision embed chelsea.png astronaut.png",
            "  crossmodal vision analyze --tasks detect,embed --chunk-size 32768 chelsea.png",
            "  crossmodal vision models --target vision-host:9092"
        })
final class VisionCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: show the usage.
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
