package io.crossmodal.vision.detect;

import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_FORMAT;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_MAX;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_NMS_IOU_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_OUTPUT;
import static io.crossmodal.runtime.repository.ServingProperties.DETECTION_SCORE_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_CHANNELS;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_INPUT;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_LAYOUT;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_LETTERBOX_ALIGN;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_RESIZE;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_SIZE;
import static io.crossmodal.runtime.repository.ServingProperties.IMAGE_VALUE_RANGE;
import static io.crossmodal.runtime.repository.ServingProperties.LABELS_FILE;
import static io.crossmodal.runtime.repository.ServingProperties.TASK;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.runtime.repository.ServingProperties.ImageChannels;
import io.crossmodal.runtime.repository.ServingProperties.ImageLayout;
import io.crossmodal.runtime.repository.ServingProperties.ImageResize;
import io.crossmodal.runtime.repository.ServingProperties.Task;
import io.crossmodal.runtime.repository.ServingProperties.ValueRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an object-detection model's {@code serving.properties} says about its input and output (see
 * models/TFJS.md, "Catalog: centernet"), read once when the model opens. Settings this code cannot honour
 * (another layout, value range, resize or output format) are refused with a message naming the file and key,
 * rather than giving wrong boxes.
 *
 * @param name model name
 * @param version model version
 * @param engine DJL engine
 * @param imageSize side of the square model input ({@code image.size})
 * @param align where the resized image sits in the square ({@code image.letterbox.align})
 * @param inputName graph input to feed ({@code image.input}); empty: the model's only input
 * @param outputName graph output holding the detections ({@code detection.output})
 * @param scoreThreshold default minimum score ({@code detection.score.threshold})
 * @param nmsIouThreshold default NMS IoU ({@code detection.nms.iou.threshold})
 * @param maxDetections default maximum count ({@code detection.max})
 * @param labels class labels, one per class id ({@code labels.file}, one a line)
 */
public record DetectorSpec(
        String name,
        String version,
        String engine,
        int imageSize,
        Letterbox.Align align,
        Optional<String> inputName,
        String outputName,
        float scoreThreshold,
        float nmsIouThreshold,
        int maxDetections,
        List<String> labels) {

    /** The only {@code detection.format} the decoder reads: one row per candidate, in input pixels. */
    public static final String FORMAT = "x1,y1,x2,y2,score,class";

    public DetectorSpec {
        labels = List.copyOf(labels);
    }

    /** Reads the settings and the label file of {@code descriptor}. */
    public static DetectorSpec from(ModelDescriptor descriptor) {
        ServingProperties s = descriptor.settings();
        s.requireValues(
                "the object detector",
                TASK.isOrAbsent(Task.OBJECT_DETECTION.label()),
                IMAGE_LAYOUT.isOrAbsent(ImageLayout.NHWC),
                IMAGE_CHANNELS.isOrAbsent(ImageChannels.RGB),
                IMAGE_VALUE_RANGE.isOrAbsent(ValueRange.BYTE),
                IMAGE_RESIZE.isOrAbsent(ImageResize.LETTERBOX),
                DETECTION_FORMAT.isOrAbsent(List.of(FORMAT.split(","))));
        return new DetectorSpec(
                descriptor.name(),
                descriptor.version(),
                descriptor.engine(),
                s.require(IMAGE_SIZE),
                Letterbox.Align.parse(s.get(IMAGE_LETTERBOX_ALIGN).label()),
                s.find(IMAGE_INPUT),
                s.require(DETECTION_OUTPUT),
                s.get(DETECTION_SCORE_THRESHOLD),
                s.get(DETECTION_NMS_IOU_THRESHOLD),
                s.get(DETECTION_MAX),
                readLabels(descriptor));
    }

    /** The label of {@code classId}, or the number as text when the label file has no line for it. */
    public String label(int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : Integer.toString(classId);
    }

    private static List<String> readLabels(ModelDescriptor descriptor) {
        Path path = descriptor
                .directory()
                .resolve(descriptor.settings().require(LABELS_FILE))
                .normalize();
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .toList();
            // a trailing newline is not a class
            int end = lines.size();
            while (end > 0 && lines.get(end - 1).isEmpty()) {
                end--;
            }
            if (end == 0) {
                throw new ModelRepositoryException("Label file " + path + " of " + descriptor + " is empty");
            }
            return lines.subList(0, end);
        } catch (IOException e) {
            throw new ModelRepositoryException(
                    "Cannot read label file " + path + " of " + descriptor + ": " + e.getMessage(), e);
        }
    }
}
