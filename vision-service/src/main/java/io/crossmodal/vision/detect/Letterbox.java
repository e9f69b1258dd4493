package io.crossmodal.vision.detect;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Locale;

/**
 * Letterbox geometry of one image for a square model input, and the resize itself.
 *
 * <p>The image is scaled so that its longer side is {@code size}, keeping the aspect ratio; the resized image is
 * placed at the centre (or the top-left corner) of the square and the rest is zero. The resize is bilinear with
 * half-pixel centres and no antialiasing, computed in double: the same arithmetic, hence the same bytes, as the
 * {@code Letterbox} of the TF.js importer test whose input TF.js was checked on (models module), so the detections
 * match the ones measured there.
 *
 * <p>Coordinates map per axis with the factor the pixels were sampled with: {@code image = (input - offset) *
 * width / resizedWidth}. Along the longer side that is exactly {@code (x - padX) / scale}; along the shorter one it
 * differs from it by the rounding of the resized length (below one input pixel over the whole side).
 *
 * @param width original image width
 * @param height original image height
 * @param size side of the square model input
 * @param resizedWidth width of the resized image inside the square
 * @param resizedHeight height of the resized image inside the square
 * @param offsetX left padding in input pixels
 * @param offsetY top padding in input pixels
 */
public record Letterbox(
        int width, int height, int size, int resizedWidth, int resizedHeight, int offsetX, int offsetY) {

    /** Where the resized image sits in the square input ({@code image.letterbox.align}). */
    public enum Align {
        CENTER,
        TOP_LEFT;

        /** {@code center}, or {@code top-left} / {@code top_left} / {@code topleft}. */
        public static Align parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "center", "centre" -> CENTER;
                case "top-left", "topleft" -> TOP_LEFT;
                default ->
                    throw new IllegalArgumentException(
                            "unknown letterbox alignment '" + value + "' (center or top-left)");
            };
        }
    }

    /** The geometry for an image of {@code width x height} in a {@code size x size} input. */
    public static Letterbox of(int width, int height, int size, Align align) {
        if (width < 1 || height < 1 || size < 1) {
            throw new IllegalArgumentException("letterbox of " + width + "x" + height + " into " + size);
        }
        double scale = (double) size / Math.max(width, height);
        int rw = Math.max(1, Math.min(size, (int) Math.round(width * scale)));
        int rh = Math.max(1, Math.min(size, (int) Math.round(height * scale)));
        int ox = align == Align.CENTER ? (size - rw) / 2 : 0;
        int oy = align == Align.CENTER ? (size - rh) / 2 : 0;
        return new Letterbox(width, height, size, rw, rh, ox, oy);
    }

    /** The geometry for {@code image}. */
    public static Letterbox of(BufferedImage image, int size, Align align) {
        return of(image.getWidth(), image.getHeight(), size, align);
    }

    /** Input pixels per original pixel along the longer side, {@code size / max(width, height)}. */
    public double scale() {
        return (double) size / Math.max(width, height);
    }

    /** Model input x to original image x. */
    public double toImageX(double inputX) {
        return (inputX - offsetX) * width / resizedWidth;
    }

    /** Model input y to original image y. */
    public double toImageY(double inputY) {
        return (inputY - offsetY) * height / resizedHeight;
    }

    /** Original image x to model input x. */
    public double toInputX(double imageX) {
        return imageX * resizedWidth / width + offsetX;
    }

    /** Original image y to model input y. */
    public double toInputY(double imageY) {
        return imageY * resizedHeight / height + offsetY;
    }

    /** A box of model input pixels in original image pixels (not clipped). */
    public Box toImage(float x1, float y1, float x2, float y2) {
        return new Box((float) toImageX(x1), (float) toImageY(y1), (float) toImageX(x2), (float) toImageY(y2));
    }

    /**
     * The letterboxed pixels of {@code image}: {@code size * size * 3} floats, NHWC without the batch dimension,
     * RGB 0..255, zero outside the resized image.
     *
     * <p>Only the two source rows each output row interpolates are read at a time, so a large image is never
     * copied whole. Colour images are read as {@link BufferedImage#getRGB} gives them (sRGB; straight from the
     * raster for the standard 8-bit RGB types, which is the same values); grey images (one grey band,
     * with or without alpha) from their raster, so that their values are not brightened by Java's linear-grey to
     * sRGB conversion; alpha is ignored.
     */
    public float[] render(BufferedImage image) {
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "x" + image.getHeight()
                    + ", letterbox computed for " + width + "x" + height);
        }
        Rows rows = new Rows(image);
        float[] out = new float[size * size * 3];
        double sx = (double) width / resizedWidth;
        double sy = (double) height / resizedHeight;
        // per output column: source columns and weight (the same for every row)
        int[] xs0 = new int[resizedWidth];
        int[] xs1 = new int[resizedWidth];
        double[] dxs = new double[resizedWidth];
        for (int x = 0; x < resizedWidth; x++) {
            double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
            xs0[x] = (int) fx;
            xs1[x] = Math.min(xs0[x] + 1, width - 1);
            dxs[x] = fx - xs0[x];
        }
        for (int y = 0; y < resizedHeight; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, height - 1);
            double dy = fy - y0;
            int[] top = rows.row(y0);
            int[] bottom = rows.row(y1);
            int base = ((y + offsetY) * size + offsetX) * 3;
            for (int x = 0; x < resizedWidth; x++) {
                int x0 = xs0[x];
                int x1 = xs1[x];
                double dx = dxs[x];
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double t = channel(top[x0], shift) * (1 - dx) + channel(top[x1], shift) * dx;
                    double b = channel(bottom[x0], shift) * (1 - dx) + channel(bottom[x1], shift) * dx;
                    out[base + x * 3 + c] = (float) (t * (1 - dy) + b * dy);
                }
            }
        }
        return out;
    }

    private static int channel(int rgb, int shift) {
        return (rgb >>> shift) & 0xff;
    }

    /**
     * For the standard 8-bit sRGB types without premultiplied alpha, whose raster bands are R, G, B(, A) and whose
     * {@link BufferedImage#getRGB} is those samples unchanged: the band count, so rows are read from the raster
     * without the per-pixel colour-model call (several times faster on large photos). 0 for every other type.
     */
    static int directRgbBands(BufferedImage image) {
        return switch (image.getType()) {
            case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_BGR, BufferedImage.TYPE_3BYTE_BGR -> 3;
            case BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR -> 4;
            default -> 0;
        };
    }

    /** Source rows as packed 0xRRGGBB ints, the last two kept (rows are asked for in increasing order). */
    private static final class Rows {
        private final BufferedImage image;
        private final int width;
        private final boolean grey;
        private final int greyMax;
        /** Bands per pixel when the raster holds 8-bit sRGB R, G, B(, A) read directly; 0: use getRGB. */
        private final int rgbBands;

        private final int[] samples;
        private int[] rowA;
        private int[] rowB;
        private int indexA = -1;
        private int indexB = -1;

        Rows(BufferedImage image) {
            this.image = image;
            this.width = image.getWidth();
            var model = image.getColorModel();
            this.grey = model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1;
            this.greyMax = grey ? (1 << model.getComponentSize(0)) - 1 : 255;
            this.rgbBands = grey ? 0 : directRgbBands(image);
            this.samples = grey ? new int[width] : rgbBands > 0 ? new int[width * rgbBands] : null;
            this.rowA = new int[width];
            this.rowB = new int[width];
        }

        int[] row(int y) {
            if (y == indexA) {
                return rowA;
            }
            if (y == indexB) {
                return rowB;
            }
            // replace the older row (the lower index: rows come in increasing order)
            if (indexA < indexB) {
                read(y, rowA);
                indexA = y;
                return rowA;
            }
            read(y, rowB);
            indexB = y;
            return rowB;
        }

        private void read(int y, int[] into) {
            Raster raster = image.getRaster();
            if (rgbBands > 0) {
                raster.getPixels(0, y, width, 1, samples);
                for (int x = 0, i = 0; x < width; x++, i += rgbBands) {
                    into[x] = samples[i] << 16 | samples[i + 1] << 8 | samples[i + 2];
                }
                return;
            }
            if (!grey) {
                image.getRGB(0, y, width, 1, into, 0, width);
                return;
            }
            raster.getSamples(0, y, width, 1, 0, samples);
            for (int x = 0; x < width; x++) {
                int v = greyMax == 255 ? samples[x] : (int) Math.round(samples[x] * 255.0 / greyMax);
                into[x] = v << 16 | v << 8 | v;
            }
        }
    }
}
