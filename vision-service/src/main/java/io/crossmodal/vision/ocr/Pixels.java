package io.crossmodal.vision.ocr;

import io.crossmodal.vision.ocr.Geometry.Quad;
import java.awt.image.BufferedImage;

/**
 * An image's pixels as packed RGB ints, and the one resampling operation OCR needs: warping a quadrilateral of
 * the image onto an upright rectangle (a resize is the warp of the whole image), written straight into a
 * normalised CHW float tensor.
 */
final class Pixels {

    private final int width;
    private final int height;
    private final int[] rgb;

    private Pixels(int width, int height, int[] rgb) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** The pixels of any {@link BufferedImage} (grey, indexed, with alpha: alpha is ignored). */
    static Pixels of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        return new Pixels(w, h, image.getRGB(0, 0, w, h, null, 0, w));
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The whole image as a quad, for resizing. */
    Quad bounds() {
        return new Quad(new double[] {0, width, width, 0}, new double[] {0, 0, height, height});
    }

    /** Normalisation of 0..255 channel values: {@code (v / 255 - mean[c]) / std[c]}. */
    record Normalization(float[] mean, float[] std) {

        static final Normalization IMAGENET =
                new Normalization(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        static final Normalization HALF =
                new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
    }

    /**
     * Warps {@code quad} (continuous image coordinates, pixel {@code i} spanning {@code [i, i+1]}) onto an
     * {@code outWidth x outHeight} rectangle: corner 0 goes to the top-left, 1 to the top-right, 2 to the
     * bottom-right, 3 to the bottom-left. Each output pixel is the mean of up to 4x4 bilinear samples over its
     * footprint (so shrinking does not alias); samples outside the image take the nearest edge pixel.
     *
     * <p>The result is written into {@code out} as 3 planes of {@code planeWidth x outHeight} floats (rows of
     * length {@code planeWidth >= outWidth}; the caller pads the rest), channels in BGR order as the PaddleOCR
     * models were trained (OpenCV images), each normalised.
     */
    void warpInto(Quad quad, int outWidth, int outHeight, float[] out, int planeWidth, Normalization norm) {
        int plane = planeWidth * outHeight;
        // footprint of one output pixel in source pixels, along each output axis
        int kx = Math.max(1, Math.min(4, (int) Math.ceil(quad.width() / outWidth - 1e-9)));
        int ky = Math.max(1, Math.min(4, (int) Math.ceil(quad.height() / outHeight - 1e-9)));
        double x0 = quad.x(0);
        double y0 = quad.y(0);
        double ax = quad.x(1) - x0;
        double ay = quad.y(1) - y0;
        double bx = quad.x(3) - x0;
        double by = quad.y(3) - y0;
        double cx = x0 - quad.x(1) - quad.x(3) + quad.x(2);
        double cy = y0 - quad.y(1) - quad.y(3) + quad.y(2);
        double[] acc = new double[3];
        float[] mean = norm.mean();
        float[] std = norm.std();
        double samples = kx * ky;
        for (int v = 0; v < outHeight; v++) {
            for (int u = 0; u < outWidth; u++) {
                acc[0] = 0;
                acc[1] = 0;
                acc[2] = 0;
                for (int j = 0; j < ky; j++) {
                    double t = (v + (j + 0.5) / ky) / outHeight;
                    for (int i = 0; i < kx; i++) {
                        double s = (u + (i + 0.5) / kx) / outWidth;
                        double px = x0 + ax * s + bx * t + cx * s * t;
                        double py = y0 + ay * s + by * t + cy * s * t;
                        sample(px - 0.5, py - 0.5, acc);
                    }
                }
                int o = v * planeWidth + u;
                // acc holds R, G, B; the planes are B, G, R
                out[o] = (float) ((acc[2] / samples / 255.0 - mean[0]) / std[0]);
                out[plane + o] = (float) ((acc[1] / samples / 255.0 - mean[1]) / std[1]);
                out[2 * plane + o] = (float) ((acc[0] / samples / 255.0 - mean[2]) / std[2]);
            }
        }
    }

    /** Adds the bilinear sample at pixel-index coordinates {@code (x, y)} (edge-clamped) to {@code acc} (R, G, B). */
    private void sample(double x, double y, double[] acc) {
        x = Math.max(0, Math.min(width - 1, x));
        y = Math.max(0, Math.min(height - 1, y));
        int xi = (int) x;
        int yi = (int) y;
        int xj = Math.min(xi + 1, width - 1);
        int yj = Math.min(yi + 1, height - 1);
        double fx = x - xi;
        double fy = y - yi;
        int p00 = rgb[yi * width + xi];
        int p01 = rgb[yi * width + xj];
        int p10 = rgb[yj * width + xi];
        int p11 = rgb[yj * width + xj];
        double w00 = (1 - fx) * (1 - fy);
        double w01 = fx * (1 - fy);
        double w10 = (1 - fx) * fy;
        double w11 = fx * fy;
        for (int c = 0, shift = 16; c < 3; c++, shift -= 8) {
            acc[c] += w00 * ((p00 >> shift) & 0xff)
                    + w01 * ((p01 >> shift) & 0xff)
                    + w10 * ((p10 >> shift) & 0xff)
                    + w11 * ((p11 >> shift) & 0xff);
        }
    }
}
