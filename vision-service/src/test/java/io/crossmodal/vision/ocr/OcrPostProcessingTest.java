package io.crossmodal.vision.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.vision.ocr.Geometry.Quad;
import io.crossmodal.vision.ocr.Geometry.RotatedRect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Geometry, DB post-processing, CTC decoding and reading order, without models. */
class OcrPostProcessingTest {

    @Test
    void convexHullDropsInteriorAndCollinearPoints() {
        double[] xs = {0, 10, 10, 0, 5, 5, 10};
        double[] ys = {0, 0, 10, 10, 5, 0, 5};
        double[] hull = Geometry.convexHull(xs, ys, xs.length);
        assertEquals(8, hull.length, java.util.Arrays.toString(hull)); // the 4 corners only
    }

    @Test
    void minAreaRectFindsARotatedRectangle() {
        // a 40 x 10 rectangle rotated by 30 degrees around (100, 50), sampled densely
        double a = Math.toRadians(30);
        int n = 0;
        double[] xs = new double[41 * 11];
        double[] ys = new double[41 * 11];
        for (int i = 0; i <= 40; i++) {
            for (int j = 0; j <= 10; j++) {
                double u = i - 20.0;
                double v = j - 5.0;
                xs[n] = 100 + u * Math.cos(a) - v * Math.sin(a);
                ys[n++] = 50 + u * Math.sin(a) + v * Math.cos(a);
            }
        }
        RotatedRect r = Geometry.minAreaRect(Geometry.convexHull(xs, ys, n));
        assertEquals(100, r.cx(), 1e-6);
        assertEquals(50, r.cy(), 1e-6);
        assertEquals(400, r.area(), 1e-6);
        assertEquals(10, r.shortSide(), 1e-6);
        Quad q = r.corners();
        assertEquals(30, q.angleDegrees(), 1e-6);
        assertEquals(40, q.width(), 1e-6);
        assertEquals(10, q.height(), 1e-6);
        // clockwise on screen from the top-left: the interior is inside
        assertTrue(Geometry.inside(q, 100, 50, 0));
    }

    @Test
    void unclipGrowsByAreaTimesRatioOverPerimeter() {
        RotatedRect r = new RotatedRect(0, 0, 100, 10, 1, 0);
        double d = Geometry.unclipDistance(r, 1.5);
        assertEquals(1000 * 1.5 / 220, d, 1e-9);
        assertEquals(10 + 2 * d, r.expanded(d).height(), 1e-9);
    }

    @Test
    void quadStartingAtTurnsTheReadingDirection() {
        Quad q = new Quad(new double[] {0, 10, 10, 0}, new double[] {0, 0, 40, 40});
        assertEquals(0, q.angleDegrees(), 1e-9);
        assertEquals(90, q.startingAt(1).angleDegrees(), 1e-9); // reading downwards
        assertEquals(180, q.startingAt(2).angleDegrees(), 1e-9); // upside down
        assertEquals(40, q.startingAt(1).width(), 1e-9);
    }

    @Test
    void dbFindsOneRegionPerBlobAndDropsWeakOnes() {
        int w = 200;
        int h = 60;
        float[] map = new float[w * h];
        fill(map, w, 20, 10, 120, 22, 0.9f); // strong line
        fill(map, w, 20, 40, 80, 48, 0.35f); // above threshold but weak: mean < box threshold
        fill(map, w, 150, 40, 151, 41, 0.9f); // tiny
        DbPostProcessor db = new DbPostProcessor(0.3, 0.6, 1.5, 3, 1000);
        List<DbPostProcessor.Region> regions = db.regions(map, w, h, w);
        assertEquals(1, regions.size());
        Quad q = regions.get(0).quad();
        assertEquals(0.9, regions.get(0).score(), 1e-6);
        // kernel: pixel centres 20.5..119.5 x 10.5..21.5 (99 x 11), grown by 99*11*1.5/220 = 7.42 on each side
        assertEquals(20.5 - 7.425, q.x(0), 0.01);
        assertEquals(10.5 - 7.425, q.y(0), 0.01);
        assertEquals(119.5 + 7.425, q.x(2), 0.01);
    }

    private static void fill(float[] map, int w, int x0, int y0, int x1, int y1, float v) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                map[y * w + x] = v;
            }
        }
    }

    @Test
    void ctcMergesRepeatsDropsBlanksAndMapsTheSpaceClass() {
        CtcDecoder decoder = new CtcDecoder(List.of("a", "b", "中"));
        assertEquals(5, decoder.classCount());
        // steps: a a blank a space b 中 中
        int[] best = {1, 1, 0, 1, 4, 2, 3, 3};
        float[] scores = new float[best.length * 5];
        for (int t = 0; t < best.length; t++) {
            for (int k = 0; k < 5; k++) {
                scores[t * 5 + k] = k == best[t] ? 0.8f : 0.05f;
            }
        }
        CtcDecoder.Decoded d = decoder.decode(scores, best.length);
        assertEquals("aa b中", d.text());
        assertEquals(0.8f, d.confidence(), 1e-6);
        assertEquals("", decoder.decode(new float[] {1, 0, 0, 0, 0}, 1).text());
    }

    @Test
    void readingOrderIsRowsThenColumnsInTheTextFrame() {
        TextLine right = line("right", 300, 10, 100, 20);
        TextLine left = line("left", 10, 14, 100, 20);
        TextLine below = line("below", 10, 60, 300, 20);
        assertEquals(
                List.of("left", "right", "below"),
                TextReader.readingOrder(List.of(below, right, left)).stream()
                        .map(TextLine::text)
                        .toList());
    }

    private static TextLine line(String text, float x, float y, float w, float h) {
        return new TextLine(
                text,
                1f,
                List.of(
                        new TextLine.Point(x, y),
                        new TextLine.Point(x + w, y),
                        new TextLine.Point(x + w, y + h),
                        new TextLine.Point(x, y + h)),
                new TextLine.Box(x, y, x + w, y + h),
                0f);
    }
}
