package io.crossmodal.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * What {@code bench grpc --service vision} asks of the vision service, one image per call: the value of
 * {@code --task} and the RPC it drives.
 */
enum VisionTask {
    /** VisionService.DetectObjects. */
    DETECT("detect", true, false),
    /** VisionService.EmbedImages with one image. */
    EMBED("embed", true, false),
    /** VisionService.ReadText. */
    READ_TEXT("read-text", false, true),
    /** VisionService.DescribeImage (detection and OCR on one decode). */
    DESCRIBE("describe", true, true);

    /** The name on the command line and in {@code RESULT task=}. */
    final String label;
    /** Runs the detection model (CenterNet). */
    final boolean usesDetector;
    /** Runs the OCR models (PP-OCR detection, angle classification, recognition). */
    final boolean usesOcr;

    VisionTask(String label, boolean usesDetector, boolean usesOcr) {
        this.label = label;
        this.usesDetector = usesDetector;
        this.usesOcr = usesOcr;
    }

    /** The labels, comma-separated, for help and error messages. */
    static String labels() {
        return Arrays.stream(values()).map(t -> t.label).collect(Collectors.joining(", "));
    }

    /** {@code detect}, {@code embed}, {@code read-text} or {@code describe} (case-insensitive; {@code _} for -). */
    static VisionTask parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (VisionTask t : values()) {
            if (t.label.equals(v)) {
                return t;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a vision task; use one of " + labels());
    }

    /** Whether a ListModels entry's {@code task} is one of the models this task runs. */
    boolean runs(String modelTask) {
        return (usesDetector && modelTask.equals("object-detection")) || (usesOcr && modelTask.startsWith("ocr"));
    }

    @Override
    public String toString() {
        return label;
    }

    static final class Converter implements CommandLine.ITypeConverter<VisionTask> {
        @Override
        public VisionTask convert(String value) {
            return parse(value);
        }
    }
}
