package io.crossmodal.vision.ocr;

import java.util.Arrays;

/**
 * Plane geometry for text detection: convex hull, minimum-area rectangle, corner ordering, rectangle offsetting.
 *
 * <p>Coordinates are doubles in a y-down image frame, so "clockwise" is clockwise as seen on screen.
 */
final class Geometry {

    private Geometry() {}

    /**
     * A quadrilateral with corners {@code 0..3}; for a text region they are its top-left, top-right, bottom-right
     * and bottom-left corners as the text reads (clockwise on screen).
     */
    record Quad(double[] xs, double[] ys) {

        Quad {
            if (xs.length != 4 || ys.length != 4) {
                throw new IllegalArgumentException("a quad has 4 corners");
            }
        }

        double x(int i) {
            return xs[i & 3];
        }

        double y(int i) {
            return ys[i & 3];
        }

        /** The same corners starting at corner {@code k} (a quarter turn of the reading direction per step). */
        Quad startingAt(int k) {
            double[] nx = new double[4];
            double[] ny = new double[4];
            for (int i = 0; i < 4; i++) {
                nx[i] = x(i + k);
                ny[i] = y(i + k);
            }
            return new Quad(nx, ny);
        }

        /** Length of the text direction: the longer of the top and bottom edges. */
        double width() {
            return Math.max(dist(0, 1), dist(3, 2));
        }

        /** Length across the text: the longer of the left and right edges. */
        double height() {
            return Math.max(dist(0, 3), dist(1, 2));
        }

        double dist(int a, int b) {
            return Math.hypot(x(a) - x(b), y(a) - y(b));
        }

        /** Every corner multiplied by the scale factors. */
        Quad scaled(double sx, double sy) {
            double[] nx = xs.clone();
            double[] ny = ys.clone();
            for (int i = 0; i < 4; i++) {
                nx[i] *= sx;
                ny[i] *= sy;
            }
            return new Quad(nx, ny);
        }

        /** Every corner clamped into {@code [0, w] x [0, h]}. */
        Quad clamped(double w, double h) {
            double[] nx = xs.clone();
            double[] ny = ys.clone();
            for (int i = 0; i < 4; i++) {
                nx[i] = Math.max(0, Math.min(w, nx[i]));
                ny[i] = Math.max(0, Math.min(h, ny[i]));
            }
            return new Quad(nx, ny);
        }

        /** Clockwise angle of the top edge (corner 0 to corner 1), in [0, 360). */
        double angleDegrees() {
            double a = Math.toDegrees(Math.atan2(y(1) - y(0), x(1) - x(0)));
            a = ((a % 360) + 360) % 360;
            return a >= 359.995 ? 0 : a;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("Quad[");
            for (int i = 0; i < 4; i++) {
                b.append(i == 0 ? "" : ", ").append(String.format("(%.1f, %.1f)", xs[i], ys[i]));
            }
            return b.append(']').toString();
        }
    }

    /**
     * A rectangle of any orientation: centre, side lengths and the unit vector of its first side ({@code width}
     * along {@code (ux, uy)}, {@code height} along the perpendicular {@code (-uy, ux)}).
     */
    record RotatedRect(double cx, double cy, double width, double height, double ux, double uy) {

        double area() {
            return width * height;
        }

        double shortSide() {
            return Math.min(width, height);
        }

        /** Grown by {@code d} on every side. */
        RotatedRect expanded(double d) {
            return new RotatedRect(cx, cy, width + 2 * d, height + 2 * d, ux, uy);
        }

        /** The four corners, ordered top-left, top-right, bottom-right, bottom-left (see {@link #order}). */
        Quad corners() {
            double hx = ux * width / 2;
            double hy = uy * width / 2;
            double vx = -uy * height / 2;
            double vy = ux * height / 2;
            double[] xs = {cx - hx - vx, cx + hx - vx, cx + hx + vx, cx - hx + vx};
            double[] ys = {cy - hy - vy, cy + hy - vy, cy + hy + vy, cy - hy + vy};
            return order(xs, ys);
        }
    }

    /**
     * Orders four corners the way PaddleOCR's {@code get_mini_boxes} does: of the two leftmost, the upper is
     * top-left and the lower bottom-left; of the two rightmost, the upper is top-right and the lower
     * bottom-right.
     */
    static Quad order(double[] xs, double[] ys) {
        Integer[] idx = {0, 1, 2, 3};
        Arrays.sort(idx, (a, b) -> xs[a] != xs[b] ? Double.compare(xs[a], xs[b]) : Double.compare(ys[a], ys[b]));
        int tl;
        int bl;
        if (ys[idx[1]] > ys[idx[0]]) {
            tl = idx[0];
            bl = idx[1];
        } else {
            tl = idx[1];
            bl = idx[0];
        }
        int tr;
        int br;
        if (ys[idx[3]] > ys[idx[2]]) {
            tr = idx[2];
            br = idx[3];
        } else {
            tr = idx[3];
            br = idx[2];
        }
        return new Quad(new double[] {xs[tl], xs[tr], xs[br], xs[bl]}, new double[] {ys[tl], ys[tr], ys[br], ys[bl]});
    }

    /**
     * Convex hull (Andrew's monotone chain) of {@code n} points, counter-clockwise in a y-up frame; collinear
     * points are dropped. Returns the hull as {@code [x0, y0, x1, y1, ...]}.
     */
    static double[] convexHull(double[] xs, double[] ys, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> xs[a] != xs[b] ? Double.compare(xs[a], xs[b]) : Double.compare(ys[a], ys[b]));
        if (n <= 2) {
            double[] out = new double[2 * n];
            for (int i = 0; i < n; i++) {
                out[2 * i] = xs[idx[i]];
                out[2 * i + 1] = ys[idx[i]];
            }
            return out;
        }
        int[] hull = new int[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(xs, ys, hull[k - 2], hull[k - 1], idx[i]) <= 0) {
                k--;
            }
            hull[k++] = idx[i];
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(xs, ys, hull[k - 2], hull[k - 1], idx[i]) <= 0) {
                k--;
            }
            hull[k++] = idx[i];
        }
        k--; // the last point repeats the first
        double[] out = new double[2 * k];
        for (int i = 0; i < k; i++) {
            out[2 * i] = xs[hull[i]];
            out[2 * i + 1] = ys[hull[i]];
        }
        return out;
    }

    private static double cross(double[] xs, double[] ys, int o, int a, int b) {
        return (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
    }

    /**
     * Minimum-area enclosing rectangle of a convex polygon by rotating calipers: the optimal rectangle has a side
     * on one of the hull's edges (Freeman and Shapira), so each edge direction is tried in turn and the hull is
     * projected onto it and its normal.
     *
     * @param hull convex polygon {@code [x0, y0, x1, y1, ...]} as from {@link #convexHull}
     */
    static RotatedRect minAreaRect(double[] hull) {
        int n = hull.length / 2;
        if (n == 0) {
            throw new IllegalArgumentException("empty hull");
        }
        if (n == 1) {
            return new RotatedRect(hull[0], hull[1], 0, 0, 1, 0);
        }
        RotatedRect best = null;
        double bestArea = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            double ex = hull[2 * j] - hull[2 * i];
            double ey = hull[2 * j + 1] - hull[2 * i + 1];
            double len = Math.hypot(ex, ey);
            if (len < 1e-12) {
                continue;
            }
            double ux = ex / len;
            double uy = ey / len;
            double minU = Double.POSITIVE_INFINITY;
            double maxU = Double.NEGATIVE_INFINITY;
            double minV = Double.POSITIVE_INFINITY;
            double maxV = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < n; k++) {
                double px = hull[2 * k];
                double py = hull[2 * k + 1];
                double u = px * ux + py * uy;
                double v = -px * uy + py * ux;
                minU = Math.min(minU, u);
                maxU = Math.max(maxU, u);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
            double area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9) {
                bestArea = area;
                double cu = (minU + maxU) / 2;
                double cv = (minV + maxV) / 2;
                // back from (u, v) to (x, y): x = u*ux - v*uy, y = u*uy + v*ux
                best = new RotatedRect(cu * ux - cv * uy, cu * uy + cv * ux, maxU - minU, maxV - minV, ux, uy);
            }
        }
        if (best == null) { // every point identical
            return new RotatedRect(hull[0], hull[1], 0, 0, 1, 0);
        }
        return best;
    }

    /**
     * The distance by which DB's "unclip" grows a text kernel: {@code area * ratio / perimeter}. For a rectangle,
     * offsetting the polygon by this distance (round joins, as pyclipper does) and taking the minimum-area
     * rectangle of the result is the rectangle grown by it on every side.
     */
    static double unclipDistance(RotatedRect rect, double ratio) {
        double perimeter = 2 * (rect.width() + rect.height());
        return perimeter <= 0 ? 0 : rect.area() * ratio / perimeter;
    }

    /** True when {@code (px, py)} lies inside the convex quad or within {@code tolerance} of its edges. */
    static boolean inside(Quad q, double px, double py, double tolerance) {
        // corners are clockwise on screen (y down): the interior is on the right of each edge, where the cross
        // product of (edge, point - start) is positive
        for (int i = 0; i < 4; i++) {
            double ex = q.x(i + 1) - q.x(i);
            double ey = q.y(i + 1) - q.y(i);
            double len = Math.hypot(ex, ey);
            if (len < 1e-12) {
                continue;
            }
            double c = (ex * (py - q.y(i)) - ey * (px - q.x(i))) / len;
            if (c < -tolerance) {
                return false;
            }
        }
        return true;
    }
}
