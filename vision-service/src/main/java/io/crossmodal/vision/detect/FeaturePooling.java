package io.crossmodal.vision.detect;

/**
 * Turns a detector's backbone feature map into one image vector: the mean of the feature-map cells, each weighted
 * by the share of its area the letterboxed image covers, then L2-normalised.
 *
 * <p>Why weighted by coverage: the letterbox pads a non-square image with zeros, and the cells over the padding
 * describe black bars, not the picture. Leaving them out makes a photo and the same photo cropped to a
 * different aspect ratio comparable, and weighting by area (rather than keeping the cells whose centre lies on
 * the image) never leaves a very thin image without cells.
 */
public final class FeaturePooling {

    private FeaturePooling() {}

    /**
     * @param map        feature map in NHWC order for one image: {@code rows * cols * channels} values
     * @param rows       feature-map height
     * @param cols       feature-map width
     * @param channels   values per cell, the embedding's dimension
     * @param letterbox  where the image sits in the square model input the map was computed from
     * @return the pooled, L2-normalised vector of {@code channels} values (all zero if every cell is zero)
     */
    public static float[] meanOverImageCells(float[] map, int rows, int cols, int channels, Letterbox letterbox) {
        if (map.length != (long) rows * cols * channels) {
            throw new IllegalArgumentException(
                    "feature map has " + map.length + " values, expected " + rows + "x" + cols + "x" + channels);
        }
        double cellHeight = (double) letterbox.size() / rows;
        double cellWidth = (double) letterbox.size() / cols;
        double top = letterbox.offsetY();
        double bottom = top + letterbox.resizedHeight();
        double left = letterbox.offsetX();
        double right = left + letterbox.resizedWidth();
        double[] sum = new double[channels];
        double totalWeight = 0;
        for (int r = 0; r < rows; r++) {
            double h = overlap(r * cellHeight, (r + 1) * cellHeight, top, bottom);
            if (h <= 0) {
                continue;
            }
            for (int c = 0; c < cols; c++) {
                double w = overlap(c * cellWidth, (c + 1) * cellWidth, left, right);
                if (w <= 0) {
                    continue;
                }
                double weight = (h / cellHeight) * (w / cellWidth);
                int base = (r * cols + c) * channels;
                for (int k = 0; k < channels; k++) {
                    sum[k] += weight * map[base + k];
                }
                totalWeight += weight;
            }
        }
        double norm = 0;
        for (int k = 0; k < channels; k++) {
            sum[k] /= totalWeight;
            norm += sum[k] * sum[k];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[channels];
        if (norm > 0) {
            for (int k = 0; k < channels; k++) {
                out[k] = (float) (sum[k] / norm);
            }
        }
        return out;
    }

    private static double overlap(double a0, double a1, double b0, double b1) {
        return Math.min(a1, b1) - Math.max(a0, b0);
    }
}
