package io.crossmodal.vision.detect;

/**
 * An axis-aligned box in pixel coordinates of the original (decoded, orientation-corrected) image: (0, 0) is the
 * top-left corner of the image, x grows right, y grows down, and the image spans {@code [0, width] x [0, height]}
 * (the same convention as {@code crossmodal.common.v1.BoundingBox}).
 */
public record Box(float xMin, float yMin, float xMax, float yMax) {

    public float width() {
        return Math.max(0f, xMax - xMin);
    }

    public float height() {
        return Math.max(0f, yMax - yMin);
    }

    /** Area, 0 for an empty or inverted box. */
    public double area() {
        return (double) width() * height();
    }

    /** Intersection over union with {@code other}, in [0, 1]; 0 when both are empty. */
    public double iou(Box other) {
        double w = Math.min(xMax, other.xMax) - Math.max(xMin, other.xMin);
        double h = Math.min(yMax, other.yMax) - Math.max(yMin, other.yMin);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** This box cut to {@code [0, width] x [0, height]}. */
    public Box clip(double width, double height) {
        return new Box(clamp(xMin, width), clamp(yMin, height), clamp(xMax, width), clamp(yMax, height));
    }

    /** True when the box has no area (after clipping, a box entirely outside the image). */
    public boolean isEmpty() {
        return !(xMax > xMin && yMax > yMin);
    }

    private static float clamp(float v, double max) {
        return (float) Math.min(Math.max(v, 0), max);
    }
}
