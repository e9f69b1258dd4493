package io.crossmodal.vision.decode;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * Turns whatever a reader produced into the one layout the models get: opaque TYPE_3BYTE_BGR, 8 bits per channel,
 * alpha composited over white.
 *
 * <p>Gray, RGB and palette images with 1 to 16 bits per sample are converted sample by sample (values are taken as
 * stored: a gray value g becomes (g, g, g), 16-bit samples are scaled to 8 bits with rounding), so no colour-space
 * conversion shifts them. Anything else (CMYK left unconverted, float samples, unusual colour spaces) goes through
 * Java2D ({@code drawImage} onto white), which converts through the image's colour space.
 */
final class PixelConversion {

    private PixelConversion() {}

    static BufferedImage toOpaqueBgr(BufferedImage src, BooleanSupplier cancelled) throws InterruptedIOException {
        if (isPackedBgr(src)) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        ColorModel cm = src.getColorModel();
        Raster raster = src.getRaster();
        if (cm instanceof IndexColorModel icm) {
            convertIndexed(icm, raster, bgr, w, h, cancelled);
        } else if (isPlainIntegral(cm, raster)) {
            convertComponents(cm, raster, bgr, w, h, cancelled);
        } else {
            Graphics2D g = out.createGraphics();
            try {
                g.setComposite(AlphaComposite.Src);
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, w, h);
                g.setComposite(AlphaComposite.SrcOver);
                g.drawImage(src, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        return out;
    }

    /** TYPE_3BYTE_BGR with an unshared, unpadded array starting at offset 0: usable as is. */
    static boolean isPackedBgr(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return false;
        }
        Raster r = image.getRaster();
        return r.getParent() == null
                && r.getMinX() == 0
                && r.getMinY() == 0
                && r.getSampleModelTranslateX() == 0
                && r.getSampleModelTranslateY() == 0
                && r.getDataBuffer().getNumBanks() == 1
                && r.getDataBuffer().getOffset() == 0
                && ((DataBufferByte) r.getDataBuffer()).getData().length == 3 * image.getWidth() * image.getHeight();
    }

    private static boolean isPlainIntegral(ColorModel cm, Raster raster) {
        if (!(cm instanceof ComponentColorModel || cm instanceof DirectColorModel)) {
            return false;
        }
        int csType = cm.getColorSpace().getType();
        if (csType != ColorSpace.TYPE_RGB && csType != ColorSpace.TYPE_GRAY) {
            return false;
        }
        int transfer = raster.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT && transfer != DataBuffer.TYPE_INT) {
            return false;
        }
        int expectedBands = cm.getNumColorComponents() + (cm.hasAlpha() ? 1 : 0);
        if (raster.getNumBands() != expectedBands || cm.getNumComponents() != expectedBands) {
            return false;
        }
        for (int b = 0; b < expectedBands; b++) {
            int bits = cm.getComponentSize(b);
            if (bits < 1 || bits > 16) {
                return false;
            }
        }
        return true;
    }

    private static void convertComponents(
            ColorModel cm, Raster raster, byte[] bgr, int w, int h, BooleanSupplier cancelled)
            throws InterruptedIOException {
        int colors = cm.getNumColorComponents();
        boolean gray = colors == 1;
        boolean alpha = cm.hasAlpha();
        boolean premultiplied = cm.isAlphaPremultiplied();
        int bands = raster.getNumBands();
        int[] max = new int[bands];
        for (int b = 0; b < bands; b++) {
            max[b] = (1 << cm.getComponentSize(b)) - 1;
        }
        int alphaMax = alpha ? max[bands - 1] : 1;
        int[] row = new int[w * bands];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        int o = 0;
        for (int y = 0; y < h; y++) {
            checkCancelled(cancelled);
            raster.getPixels(minX, minY + y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += bands) {
                int r;
                int g;
                int b;
                if (gray) {
                    r = g = b = to8(row[i], max[0]);
                } else {
                    r = to8(row[i], max[0]);
                    g = to8(row[i + 1], max[1]);
                    b = to8(row[i + 2], max[2]);
                }
                if (alpha) {
                    int a = Math.min(Math.max(row[i + colors], 0), alphaMax);
                    if (a != alphaMax) {
                        // Over white: c' = c * a + 255 * (1 - a), or c_premultiplied + 255 * (1 - a).
                        double frac = (double) a / alphaMax;
                        double white = 255.0 * (1.0 - frac);
                        if (premultiplied) {
                            r = clamp8(r + white);
                            g = clamp8(g + white);
                            b = clamp8(b + white);
                        } else {
                            r = clamp8(r * frac + white);
                            g = clamp8(g * frac + white);
                            b = clamp8(b * frac + white);
                        }
                    }
                }
                bgr[o++] = (byte) b;
                bgr[o++] = (byte) g;
                bgr[o++] = (byte) r;
            }
        }
    }

    private static void convertIndexed(
            IndexColorModel icm, Raster raster, byte[] bgr, int w, int h, BooleanSupplier cancelled)
            throws InterruptedIOException {
        int size = icm.getMapSize();
        // Palette entries composited over white once; indices past the palette (corrupt data) read as black.
        int lutSize = Math.max(size, 1 << Math.min(16, icm.getPixelSize()));
        byte[] lb = new byte[lutSize];
        byte[] lg = new byte[lutSize];
        byte[] lr = new byte[lutSize];
        for (int i = 0; i < size; i++) {
            int a = icm.getAlpha(i);
            double frac = a / 255.0;
            double white = 255.0 * (1.0 - frac);
            lr[i] = (byte) clamp8(icm.getRed(i) * frac + white);
            lg[i] = (byte) clamp8(icm.getGreen(i) * frac + white);
            lb[i] = (byte) clamp8(icm.getBlue(i) * frac + white);
        }
        int[] row = new int[w];
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        int o = 0;
        for (int y = 0; y < h; y++) {
            checkCancelled(cancelled);
            raster.getSamples(minX, minY + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int index = row[x];
                if (index < 0 || index >= lutSize) {
                    index = 0;
                    bgr[o++] = 0;
                    bgr[o++] = 0;
                    bgr[o++] = 0;
                    continue;
                }
                bgr[o++] = lb[index];
                bgr[o++] = lg[index];
                bgr[o++] = lr[index];
            }
        }
    }

    private static int to8(int v, int max) {
        if (max == 255) {
            return v & 0xff;
        }
        if (v <= 0) {
            return 0;
        }
        if (v >= max) {
            return 255;
        }
        return (int) ((v * 255L + max / 2) / max);
    }

    private static int clamp8(double v) {
        long r = Math.round(v);
        return r < 0 ? 0 : r > 255 ? 255 : (int) r;
    }

    static void checkCancelled(BooleanSupplier cancelled) throws InterruptedIOException {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("image decode cancelled: time budget spent");
        }
    }
}
