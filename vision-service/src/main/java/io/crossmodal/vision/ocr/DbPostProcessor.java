package io.crossmodal.vision.ocr;

import io.crossmodal.vision.ocr.Geometry.Quad;
import io.crossmodal.vision.ocr.Geometry.RotatedRect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DB (Differentiable Binarization) post-processing of a text probability map, as PaddleOCR's {@code DBPostProcess}
 * with {@code box_type=quad}: binarise at {@code threshold}, take each 8-connected region, its minimum-area
 * rectangle, score it by the mean probability inside, drop weak and tiny ones, and grow ("unclip") the rest, since
 * the detector is trained to shrink text regions.
 *
 * @param threshold probability above which a map pixel is text (PaddleOCR {@code thresh}, 0.3)
 * @param boxThreshold minimum mean probability inside a region's rectangle (PaddleOCR {@code box_thresh}, 0.6)
 * @param unclipRatio how much a region grows: by {@code area * ratio / perimeter} on every side (1.5)
 * @param minSize regions whose short side is below this many map pixels are dropped (3; 2 more after unclip)
 * @param maxCandidates at most this many regions are considered, largest first (1000)
 */
record DbPostProcessor(double threshold, double boxThreshold, double unclipRatio, int minSize, int maxCandidates) {

    /** A detected text region in probability-map pixels (continuous coordinates) and its score. */
    record Region(Quad quad, double score) {}

    /**
     * Text regions of the {@code width x height} probability map {@code prob} (row-major).
     *
     * @param stride row length of {@code prob} (at least {@code width}; larger when the map was padded in a batch)
     */
    List<Region> regions(float[] prob, int width, int height, int stride) {
        int n = width * height;
        int[] label = new int[n]; // 0 unvisited or background, -1 visited component
        int[] queue = new int[n];
        List<int[]> components = new ArrayList<>();
        for (int start = 0; start < n; start++) {
            int sx = start % width;
            int sy = start / width;
            if (label[start] != 0 || prob[sy * stride + sx] <= threshold) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            label[start] = -1;
            while (head < tail) {
                int p = queue[head++];
                int px = p % width;
                int py = p / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int y = py + dy;
                    if (y < 0 || y >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = px + dx;
                        if (x < 0 || x >= width || (dx == 0 && dy == 0)) {
                            continue;
                        }
                        int q = y * width + x;
                        if (label[q] == 0 && prob[y * stride + x] > threshold) {
                            label[q] = -1;
                            queue[tail++] = q;
                        }
                    }
                }
            }
            components.add(Arrays.copyOf(queue, tail));
        }
        components.sort((a, b) -> Integer.compare(b.length, a.length));
        List<Region> regions = new ArrayList<>();
        for (int c = 0; c < Math.min(components.size(), maxCandidates); c++) {
            int[] pixels = components.get(c);
            if (pixels.length < 4) {
                continue;
            }
            RotatedRect rect = Geometry.minAreaRect(hullOf(pixels, width));
            if (rect.shortSide() < minSize) {
                continue;
            }
            Quad kernel = rect.corners();
            double score = meanInside(prob, width, height, stride, kernel);
            if (score < boxThreshold) {
                continue;
            }
            RotatedRect grown = rect.expanded(Geometry.unclipDistance(rect, unclipRatio));
            if (grown.shortSide() < minSize + 2) {
                continue;
            }
            regions.add(new Region(grown.corners(), score));
        }
        return regions;
    }

    /**
     * Convex hull of a component's pixel centres: only the first and last pixel of each row can be hull
     * vertices. Centres are at {@code (x + 0.5, y + 0.5)} in continuous map coordinates.
     */
    private static double[] hullOf(int[] pixels, int width) {
        int minY = Integer.MAX_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (int p : pixels) {
            int y = p / width;
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        int rows = maxY - minY + 1;
        int[] left = new int[rows];
        int[] right = new int[rows];
        Arrays.fill(left, Integer.MAX_VALUE);
        Arrays.fill(right, Integer.MIN_VALUE);
        for (int p : pixels) {
            int r = p / width - minY;
            int x = p % width;
            left[r] = Math.min(left[r], x);
            right[r] = Math.max(right[r], x);
        }
        double[] xs = new double[2 * rows];
        double[] ys = new double[2 * rows];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            if (left[r] == Integer.MAX_VALUE) {
                continue;
            }
            xs[k] = left[r] + 0.5;
            ys[k++] = minY + r + 0.5;
            if (right[r] != left[r]) {
                xs[k] = right[r] + 0.5;
                ys[k++] = minY + r + 0.5;
            }
        }
        return Geometry.convexHull(xs, ys, k);
    }

    /** Mean probability of the map pixels whose centre lies in the quad (or within half a pixel of it). */
    private static double meanInside(float[] prob, int width, int height, int stride, Quad q) {
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 4; i++) {
            minX = Math.min(minX, q.x(i));
            maxX = Math.max(maxX, q.x(i));
            minY = Math.min(minY, q.y(i));
            maxY = Math.max(maxY, q.y(i));
        }
        int x0 = Math.max(0, (int) Math.floor(minX - 0.5));
        int x1 = Math.min(width - 1, (int) Math.ceil(maxX));
        int y0 = Math.max(0, (int) Math.floor(minY - 0.5));
        int y1 = Math.min(height - 1, (int) Math.ceil(maxY));
        double sum = 0;
        int count = 0;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (Geometry.inside(q, x + 0.5, y + 0.5, 0.5)) {
                    sum += prob[y * stride + x];
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
