package io.crossmodal.vision.detect;

import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepositoryException;
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
        String task = descriptor.property("task").orElse("object-detection");
        if (!task.equals("object-detection")) {
            throw invalid(descriptor, "task", task, "object-detection");
        }
        expect(descriptor, "image.layout", "NHWC");
        expect(descriptor, "image.channels", "RGB");
        expect(descriptor, "image.value.range", "0-255");
        expect(descriptor, "image.resize", "letterbox");
        expect(descriptor, "detection.format", FORMAT);
        int size = descriptor.intProperty("image.size", 0);
        if (size < 1) {
            throw new ModelRepositoryException("Key 'image.size' in " + file(descriptor)
                    + " must be a positive number of pixels");
        }
        Letterbox.Align align;
        try {
            align = Letterbox.Align.parse(descriptor.property("image.letterbox.align").orElse("center"));
        } catch (IllegalArgumentException e) {
            throw new ModelRepositoryException("Key 'image.letterbox.align' in " + file(descriptor) + ": "
                    + e.getMessage(), e);
        }
        float score = floatProperty(descriptor, "detection.score.threshold", 0.3f);
        float iou = floatProperty(descriptor, "detection.nms.iou.threshold", 0.5f);
        int max = descriptor.intProperty("detection.max", 20);
        if (max < 1) {
            throw new ModelRepositoryException("Key 'detection.max' in " + file(descriptor) + " must be >= 1");
        }
        return new DetectorSpec(descriptor.name(), descriptor.version(), descriptor.engine(), size, align,
                descriptor.property("image.input"), descriptor.require("detection.output"), score, iou, max,
                readLabels(descriptor));
    }

    /** The label of {@code classId}, or the number as text when the label file has no line for it. */
    public String label(int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : Integer.toString(classId);
    }

    private static List<String> readLabels(ModelDescriptor descriptor) {
        Path path = descriptor.directory().resolve(descriptor.require("labels.file")).normalize();
        try {
            List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8).stream().map(String::strip).toList();
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
            throw new ModelRepositoryException("Cannot read label file " + path + " of " + descriptor + ": "
                    + e.getMessage(), e);
        }
    }

    private static void expect(ModelDescriptor descriptor, String key, String supported) {
        descriptor.property(key).ifPresent(value -> {
            if (!value.replace(" ", "").equalsIgnoreCase(supported)) {
                throw invalid(descriptor, key, value, supported);
            }
        });
    }

    private static float floatProperty(ModelDescriptor descriptor, String key, float defaultValue) {
        Optional<String> value = descriptor.property(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        float parsed;
        try {
            parsed = Float.parseFloat(value.get());
        } catch (NumberFormatException e) {
            parsed = Float.NaN;
        }
        if (!(parsed > 0 && parsed <= 1)) {
            throw new ModelRepositoryException("Key '" + key + "' in " + file(descriptor)
                    + " must be a number in (0, 1], was '" + value.get() + "'");
        }
        return parsed;
    }

    private static ModelRepositoryException invalid(ModelDescriptor descriptor, String key, String value,
            String supported) {
        return new ModelRepositoryException("Key '" + key + "' in " + file(descriptor) + " is '" + value
                + "'; the object detector supports only '" + supported + "'");
    }

    private static Path file(ModelDescriptor descriptor) {
        return descriptor.directory().resolve(ModelDescriptor.SERVING_PROPERTIES);
    }
}
