package io.crossmodal.models.importer.tfjs;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Letterbox resize for CenterNet: scales the image so its longer side is {@code size} keeping the aspect ratio
 * (bilinear, half-pixel centres, no antialiasing, computed in double: the same bytes on every JVM), places it at
 * the centre (or the top-left corner) and pads the rest with zeros. Values are RGB 0..255 as float32, NHWC.
 */
record Letterbox(
        float[] pixels,
        int size,
        int width,
        int height,
        int resizedWidth,
        int resizedHeight,
        int offsetX,
        int offsetY) {

    /** Centred, as the catalog's {@code image.letterbox.align} says (top-left scores the sample cat 0.48, not 0.52). */
    static Letterbox of(Path image, int size) throws IOException {
        return of(image, size, true);
    }

    static Letterbox of(Path image, int size, boolean center) throws IOException {
        BufferedImage img = ImageIO.read(image.toFile());
        if (img == null) {
            throw new IOException("not an image ImageIO reads: " + image);
        }
        return of(img, size, center);
    }

    static Letterbox of(BufferedImage img, int size, boolean center) {
        int w = img.getWidth();
        int h = img.getHeight();
        double scale = (double) size / Math.max(w, h);
        int rw = Math.min(size, (int) Math.round(w * scale));
        int rh = Math.min(size, (int) Math.round(h * scale));
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int ox = center ? (size - rw) / 2 : 0;
        int oy = center ? (size - rh) / 2 : 0;
        float[] out = new float[size * size * 3];
        double sx = (double) w / rw;
        double sy = (double) h / rh;
        for (int y = 0; y < rh; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, h - 1);
            double dy = fy - y0;
            for (int x = 0; x < rw; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, w - 1);
                double dx = fx - x0;
                for (int c = 0; c < 3; c++) {
                    int shift = 16 - 8 * c;
                    double top = channel(rgb[y0 * w + x0], shift) * (1 - dx) + channel(rgb[y0 * w + x1], shift) * dx;
                    double bottom = channel(rgb[y1 * w + x0], shift) * (1 - dx) + channel(rgb[y1 * w + x1], shift) * dx;
                    out[((y + oy) * size + x + ox) * 3 + c] = (float) (top * (1 - dy) + bottom * dy);
                }
            }
        }
        return new Letterbox(out, size, w, h, rw, rh, ox, oy);
    }

    private static int channel(int argb, int shift) {
        return (argb >>> shift) & 0xff;
    }

    /** Input pixels to original image pixels (x). */
    double toImageX(double x) {
        return (x - offsetX) * width / resizedWidth;
    }

    /** Input pixels to original image pixels (y). */
    double toImageY(double y) {
        return (y - offsetY) * height / resizedHeight;
    }

    /** The pixels as little-endian float32 bytes (the fixture's input file). */
    byte[] bytes() {
        ByteBuffer buffer = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(pixels);
        return buffer.array();
    }
}
