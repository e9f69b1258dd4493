package io.crossmodal.vision.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * A decoded image, ready for the models.
 *
 * <p>{@code pixels} is always a {@link BufferedImage#TYPE_3BYTE_BGR} image of exactly {@code width x height}, opaque
 * (any alpha was composited over white), orientation already applied (EXIF for JPEG, the Orientation tag for TIFF), 8
 * bits per channel, sRGB-encoded values as stored in the file (embedded ICC profiles of RGB and grayscale images are
 * not applied; CMYK/YCCK is converted to RGB). Its single {@link DataBufferByte} holds {@code B, G, R} per pixel, row
 * after row, no padding, offset 0: {@link #bgrBytes()} returns that array without copying. TYPE_3BYTE_BGR is what the
 * JPEG reader and the PNG reader produce natively for the common 8-bit colour images, so most decodes need no
 * conversion, and it takes 3 bytes per pixel instead of 4.
 *
 * @param width            width in pixels, after orientation
 * @param height           height in pixels, after orientation
 * @param format           the sniffed container format
 * @param frameCount       frames (GIF, WebP animation) or pages (TIFF) in the file, only the first of which was decoded;
 *                         1 for still images; 0 when it could not be counted cheaply (e.g. a GIF damaged after its
 *                         first frame)
 * @param exifOrientation  the orientation (1..8, EXIF/TIFF numbering) that was applied; 1 when the file has none
 * @param mimeTypeMismatch true when the client's MIME type named another image format than the bytes (or was not an
 *                         image type at all); an empty MIME type is no mismatch. Informative only: the bytes win.
 * @param pixels           the pixels, TYPE_3BYTE_BGR
 */
public record DecodedImage(
        int width,
        int height,
        ImageFormat format,
        int frameCount,
        int exifOrientation,
        boolean mimeTypeMismatch,
        BufferedImage pixels) {

    public DecodedImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.getType() != BufferedImage.TYPE_3BYTE_BGR
                || pixels.getWidth() != width
                || pixels.getHeight() != height) {
            throw new IllegalArgumentException("pixels must be TYPE_3BYTE_BGR of " + width + "x" + height);
        }
        if (((DataBufferByte) pixels.getRaster().getDataBuffer()).getData().length != 3 * width * height) {
            throw new IllegalArgumentException("pixels must be a packed, unpadded raster");
        }
    }

    /** The lower-case format name ("png", "jpeg", "gif", "bmp", "webp", "tiff"). */
    public String formatName() {
        return format.formatName();
    }

    /** Width x height. */
    public long pixelCount() {
        return (long) width * height;
    }

    /** The pixel array itself (B, G, R per pixel, rows top to bottom, no padding); not a copy. */
    public byte[] bgrBytes() {
        return ((DataBufferByte) pixels.getRaster().getDataBuffer()).getData();
    }

    /** The pixel at (x, y) as {@code 0xRRGGBB}. */
    public int rgb(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        byte[] bgr = bgrBytes();
        int i = 3 * (y * width + x);
        return (bgr[i + 2] & 0xff) << 16 | (bgr[i + 1] & 0xff) << 8 | (bgr[i] & 0xff);
    }

    /**
     * The pixels as floats in [0, 1], RGB, height-width-channel order ({@code [y][x][c]} flattened, length
     * {@code 3 * width * height}). Allocates 12 bytes per pixel: resize first for large images.
     */
    public float[] toRgbFloatsHwc() {
        return toRgbFloatsHwc(new float[] {0f, 0f, 0f}, new float[] {1f, 1f, 1f});
    }

    /**
     * The pixels normalised per channel as {@code (v / 255 - mean[c]) / std[c]}, RGB, height-width-channel order
     * (e.g. ImageNet: mean {0.485, 0.456, 0.406}, std {0.229, 0.224, 0.225}).
     */
    public float[] toRgbFloatsHwc(float[] mean, float[] std) {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        float[][] lut = new float[3][256];
        for (int c = 0; c < 3; c++) {
            if (!(std[c] != 0f)) {
                throw new IllegalArgumentException("std must not be 0");
            }
            for (int v = 0; v < 256; v++) {
                lut[c][v] = (v / 255f - mean[c]) / std[c];
            }
        }
        byte[] bgr = bgrBytes();
        float[] out = new float[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            out[i] = lut[0][bgr[i + 2] & 0xff];
            out[i + 1] = lut[1][bgr[i + 1] & 0xff];
            out[i + 2] = lut[2][bgr[i] & 0xff];
        }
        return out;
    }

    @Override
    public String toString() {
        return "DecodedImage[" + format.formatName() + " " + width + "x" + height + ", frames " + frameCount
                + ", orientation " + exifOrientation + (mimeTypeMismatch ? ", MIME type mismatch" : "") + "]";
    }
}
