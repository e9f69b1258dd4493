package io.crossmodal.vision.detect;

/**
 * What the caller asks of one detection; 0 in any field means the model's default from its
 * {@code serving.properties} ({@code detection.score.threshold}, {@code detection.nms.iou.threshold},
 * {@code detection.max}), as in {@code DetectObjectsRequest}.
 *
 * @param minScore objects scoring below this are dropped, in [0, 1]
 * @param nmsIouThreshold among boxes of one class overlapping by more than this IoU only the best is kept, in
 *     [0, 1] (1 keeps every box)
 * @param maxObjects at most this many objects, best first; at most the model's output rows
 */
public record DetectOptions(float minScore, float nmsIouThreshold, int maxObjects) {

    /** Every value from the model. */
    public static final DetectOptions DEFAULTS = new DetectOptions(0, 0, 0);

    /**
     * @throws InvalidDetectOptionsException when a value is out of range (NaN included)
     */
    public DetectOptions {
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new InvalidDetectOptionsException("min_score", "min_score must be in [0, 1], was " + minScore);
        }
        if (!(nmsIouThreshold >= 0 && nmsIouThreshold <= 1)) {
            throw new InvalidDetectOptionsException(
                    "nms_iou_threshold", "nms_iou_threshold must be in [0, 1], was " + nmsIouThreshold);
        }
        if (maxObjects < 0) {
            throw new InvalidDetectOptionsException("max_objects", "max_objects must be >= 0, was " + maxObjects);
        }
    }

    /** These options with the model's defaults in place of the zeros. */
    public Resolved resolve(DetectorSpec spec) {
        return new Resolved(
                minScore > 0 ? minScore : spec.scoreThreshold(),
                nmsIouThreshold > 0 ? nmsIouThreshold : spec.nmsIouThreshold(),
                maxObjects > 0 ? maxObjects : spec.maxDetections());
    }

    /** The values in force for one request. */
    public record Resolved(float minScore, float nmsIouThreshold, int maxObjects) {}
}
