package io.crossmodal.vision.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Class-wise greedy non-maximum suppression: best score first, a box is dropped when it overlaps an already kept
 * box <em>of the same class</em> by more than the IoU threshold. Boxes of different classes never suppress each
 * other (a cat and the couch it lies on both stay).
 */
public final class NonMaxSuppression {

    private NonMaxSuppression() {}

    /**
     * The kept detections, best score first (equal scores keep their input order), at most {@code max}.
     *
     * @param iouThreshold suppress when IoU {@code >} this; 1 keeps every box, 0 keeps one box per class among
     *     overlapping ones
     */
    public static List<Detection> apply(List<Detection> detections, double iouThreshold, int max) {
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble((Detection d) -> d.score()).reversed());
        List<Detection> kept = new ArrayList<>(Math.min(max, sorted.size()));
        for (Detection candidate : sorted) {
            if (kept.size() >= max) {
                break;
            }
            boolean suppressed = false;
            for (Detection k : kept) {
                if (k.classId() == candidate.classId() && k.box().iou(candidate.box()) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept.add(candidate);
            }
        }
        return kept;
    }
}
