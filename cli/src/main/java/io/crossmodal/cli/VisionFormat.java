package io.crossmodal.cli;

import io.crossmodal.common.v1.BoundingBox;
import io.crossmodal.common.v1.Embedding;
import io.crossmodal.common.v1.EmbeddingSpace;
import io.crossmodal.vision.v1.DetectedObject;
import io.crossmodal.vision.v1.ImageInfo;
import io.crossmodal.vision.v1.TextLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * How the vision results read on the terminal; one place, so that {@code analyze} prints each task exactly as the
 * single-task command does. Locale.ROOT everywhere: a decimal comma would make "[0,0, 3,3, ...]" ambiguous.
 */
final class VisionFormat {

    private VisionFormat() {}

    /** "451x300 png", plus a note when the file has several frames of which the service used the first. */
    static String image(ImageInfo image) {
        String s = image.getWidth() + "x" + image.getHeight() + " " + image.getFormat();
        if (image.getFrameCount() > 1) {
            s += " (" + image.getFrameCount() + " frames, the first analysed)";
        }
        return s;
    }

    /** "[x_min, y_min, x_max, y_max]" in pixels, one decimal. */
    static String box(BoundingBox b) {
        return String.format(
                Locale.ROOT, "[%.1f, %.1f, %.1f, %.1f]", b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax());
    }

    /** "cat 0.525 [0.0, 3.3, 412.1, 296.9]". */
    static String object(DetectedObject o) {
        return o.getLabel() + " " + String.format(Locale.ROOT, "%.3f", o.getScore()) + " " + box(o.getBox());
    }

    /** "0.987 [x0, y0, x1, y1] text", with "12.0° " before the text when the line is rotated. */
    static String line(TextLine l) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.3f", l.getConfidence()))
                .append(' ')
                .append(box(l.getBox()))
                .append(' ');
        if (l.getAngleDegrees() != 0f) {
            s.append(String.format(Locale.ROOT, "%.1f° ", l.getAngleDegrees()));
        }
        return s.append(l.getText()).toString();
    }

    static void objects(PrintWriter out, List<DetectedObject> objects) {
        if (objects.isEmpty()) {
            out.println("  (no objects)");
        }
        objects.forEach(o -> out.println("  " + object(o)));
    }

    static void lines(PrintWriter out, List<TextLine> lines) {
        if (lines.isEmpty()) {
            out.println("  (no text)");
        }
        lines.forEach(l -> out.println("  " + line(l)));
    }

    /** "[v0, v1, v2, v3, v4, ...] (480 values)": the leading components, four decimals. */
    static String values(Embedding e, int shown) {
        int n = Math.max(0, Math.min(shown, e.getValuesCount()));
        StringBuilder s = new StringBuilder("[");
        for (int k = 0; k < n; k++) {
            s.append(k > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", e.getValues(k)));
        }
        if (n < e.getValuesCount()) {
            s.append(n > 0 ? ", " : "").append("...");
        }
        return s.append("] (").append(e.getValuesCount()).append(" values)").toString();
    }

    /** "centernet@3.0.4#r1, 480 dimensions, cosine, normalized". */
    static String space(EmbeddingSpace space) {
        StringBuilder s = new StringBuilder(space.getId())
                .append(", ")
                .append(space.getDimension())
                .append(" dimensions");
        switch (space.getMetric()) {
            case DISTANCE_METRIC_COSINE -> s.append(", cosine");
            case DISTANCE_METRIC_DOT_PRODUCT -> s.append(", dot product");
            case DISTANCE_METRIC_EUCLIDEAN -> s.append(", euclidean");
            default -> {}
        }
        if (space.getNormalized()) {
            s.append(", normalized");
        }
        return s.toString();
    }

    static String tags(List<String> tags) {
        return tags.isEmpty() ? "(none)" : String.join(", ", tags);
    }
}
