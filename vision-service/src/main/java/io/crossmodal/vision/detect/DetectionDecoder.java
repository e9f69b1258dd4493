package io.crossmodal.vision.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the model's raw output rows into the answer: {@code x1,y1,x2,y2,score,class} in model input pixels, in
 * any order, before NMS (the CenterNet graph's {@code tower_0/detections}).
 *
 * <p>Per row: boxes mapped back to original image pixels ({@link Letterbox#toImage}), clipped to the image; rows
 * below the minimum score, with no area left inside the image, or with a negative or non-finite class or score are
 * dropped. Then class-wise NMS, best score first, at most {@code maxObjects}. Dropping by score before NMS keeps
 * the same boxes as after it: a box above the threshold can only be suppressed by a better one.
 */
public final class DetectionDecoder {

    /** Values per row of the output. */
    public static final int ROW = 6;

    private DetectionDecoder() {}

    public static List<Detection> decode(
            float[] rows, Letterbox letterbox, DetectorSpec spec, DetectOptions.Resolved options) {
        if (rows.length % ROW != 0) {
            throw new IllegalArgumentException("detections output has " + rows.length + " values, not rows of " + ROW
                    + " (" + DetectorSpec.FORMAT + ")");
        }
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < rows.length; i += ROW) {
            float score = rows[i + 4];
            float cls = rows[i + 5];
            if (!(score >= options.minScore()) || !Float.isFinite(score) || !Float.isFinite(cls) || cls < -0.5f) {
                continue;
            }
            Box box = letterbox
                    .toImage(rows[i], rows[i + 1], rows[i + 2], rows[i + 3])
                    .clip(letterbox.width(), letterbox.height());
            if (box.isEmpty()) {
                continue;
            }
            int classId = Math.round(cls);
            candidates.add(new Detection(spec.label(classId), classId, Math.min(score, 1f), box));
        }
        return NonMaxSuppression.apply(candidates, options.nmsIouThreshold(), options.maxObjects());
    }
}
