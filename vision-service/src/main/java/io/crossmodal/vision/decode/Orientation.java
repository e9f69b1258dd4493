package io.crossmodal.vision.decode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;

/**
 * EXIF / TIFF orientation (tag 0x0112), values 1 to 8, applied to a packed TYPE_3BYTE_BGR image. The value says
 * where the stored rows and columns belong on screen (EXIF 2.32, TIFF 6.0):
 *
 * <pre>
 * value  stored row 0 is the visual  stored column 0 is the visual  transform to display
 *   1    top                         left                           none
 *   2    top                         right                          mirror horizontally
 *   3    bottom                      right                          rotate 180
 *   4    bottom                      left                           mirror vertically
 *   5    left                        top                            transpose (mirror about the main diagonal)
 *   6    right                       top                            rotate 90 clockwise
 *   7    right                       bottom                         transverse (mirror about the anti-diagonal)
 *   8    left                        bottom                         rotate 90 counter-clockwise
 * </pre>
 *
 * Values 5 to 8 swap width and height. Any other value is treated as 1.
 */
final class Orientation {

    private Orientation() {}

    static boolean isValid(int orientation) {
        return orientation >= 1 && orientation <= 8;
    }

    static BufferedImage apply(BufferedImage src, int orientation, BooleanSupplier cancelled)
            throws InterruptedIOException {
        if (!isValid(orientation) || orientation == 1) {
            return src;
        }
        int sw = src.getWidth();
        int sh = src.getHeight();
        boolean swap = orientation >= 5;
        int dw = swap ? sh : sw;
        int dh = swap ? sw : sh;
        byte[] s = ((DataBufferByte) src.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(dw, dh, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int o = 0;
        for (int dy = 0; dy < dh; dy++) {
            PixelConversion.checkCancelled(cancelled);
            for (int dx = 0; dx < dw; dx++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> {
                        sx = sw - 1 - dx;
                        sy = dy;
                    }
                    case 3 -> {
                        sx = sw - 1 - dx;
                        sy = sh - 1 - dy;
                    }
                    case 4 -> {
                        sx = dx;
                        sy = sh - 1 - dy;
                    }
                    case 5 -> {
                        sx = dy;
                        sy = dx;
                    }
                    case 6 -> {
                        sx = dy;
                        sy = sh - 1 - dx;
                    }
                    case 7 -> {
                        sx = sw - 1 - dy;
                        sy = sh - 1 - dx;
                    }
                    default -> {
                        sx = sw - 1 - dy;
                        sy = dx;
                    } // 8
                }
                int i = 3 * (sy * sw + sx);
                d[o++] = s[i];
                d[o++] = s[i + 1];
                d[o++] = s[i + 2];
            }
        }
        return out;
    }
}
