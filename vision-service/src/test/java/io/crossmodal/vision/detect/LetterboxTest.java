package io.crossmodal.vision.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Letterbox geometry, coordinate mapping and pixels; no model. */
class LetterboxTest {

    /**
     * SHA-256 of the letterboxed chelsea.png (little-endian float32, 512x512x3) that TensorFlow.js ran on to write
     * the importer's fixture ({@code models/src/test/resources/tfjs/centernet-chelsea-expected.json},
     * {@code /input/sha256}): the same input here means the same detections as measured there.
     */
    static final String CHELSEA_INPUT_SHA256 = "1828669a340d8662fa4d5fc35ca705f7c163ad3ae56687de263f049ca719a42c";

    @Test
    void geometryOfALandscapeImage() {
        Letterbox box = Letterbox.of(451, 300, 512, Letterbox.Align.CENTER);
        assertEquals(512, box.resizedWidth());
        assertEquals(341, box.resizedHeight()); // round(300 * 512 / 451) = round(340.58)
        assertEquals(0, box.offsetX());
        assertEquals(85, box.offsetY()); // (512 - 341) / 2
        assertEquals(512.0 / 451, box.scale(), 1e-12);
        // along the longer side the mapping is exactly (x - padX) / scale
        assertEquals(100 / box.scale(), box.toImageX(100), 1e-9);
        assertEquals(0, box.toImageY(85), 1e-9);
        assertEquals(300, box.toImageY(85 + 341), 1e-9);
        // along the shorter one, within the rounding of the resized length
        assertEquals((300 - 85) / box.scale(), box.toImageY(300), 0.5);
    }

    @Test
    void geometryOfAPortraitImageAndTopLeft() {
        Letterbox centred = Letterbox.of(300, 600, 512, Letterbox.Align.CENTER);
        assertEquals(256, centred.resizedWidth());
        assertEquals(512, centred.resizedHeight());
        assertEquals(128, centred.offsetX());
        assertEquals(0, centred.offsetY());
        Letterbox topLeft = Letterbox.of(300, 600, 512, Letterbox.Align.TOP_LEFT);
        assertEquals(0, topLeft.offsetX());
        assertEquals(0, topLeft.offsetY());
        assertEquals(150, topLeft.toImageX(128), 1e-9);
        assertEquals(0, centred.toImageX(128), 1e-9);
        // a square image fills the input; an extreme one keeps at least one pixel
        Letterbox square = Letterbox.of(1024, 1024, 512, Letterbox.Align.CENTER);
        assertEquals(new Letterbox(1024, 1024, 512, 512, 512, 0, 0), square);
        Letterbox sliver = Letterbox.of(1, 4000, 512, Letterbox.Align.CENTER);
        assertEquals(1, sliver.resizedWidth());
        assertEquals(255, sliver.offsetX());
    }

    @Test
    void coordinatesRoundTrip() {
        for (int[] size : new int[][] {{451, 300}, {300, 451}, {512, 512}, {4000, 3000}, {17, 1301}, {1, 1}}) {
            for (Letterbox.Align align : Letterbox.Align.values()) {
                Letterbox box = Letterbox.of(size[0], size[1], 512, align);
                for (double f : new double[] {0, 0.1, 0.37, 0.5, 0.99, 1}) {
                    double x = f * size[0];
                    double y = f * size[1];
                    assertEquals(x, box.toImageX(box.toInputX(x)), 1e-9 * Math.max(1, x), box + " x " + x);
                    assertEquals(y, box.toImageY(box.toInputY(y)), 1e-9 * Math.max(1, y), box + " y " + y);
                    double ix = f * 512;
                    assertEquals(ix, box.toInputX(box.toImageX(ix)), 1e-9 * Math.max(1, ix));
                    assertEquals(ix, box.toInputY(box.toImageY(ix)), 1e-9 * Math.max(1, ix));
                }
                // the image corners land on the resized image's corners
                assertEquals(box.offsetX(), box.toInputX(0), 1e-9);
                assertEquals(box.offsetX() + box.resizedWidth(), box.toInputX(size[0]), 1e-9);
                assertEquals(box.offsetY() + box.resizedHeight(), box.toInputY(size[1]), 1e-9);
            }
        }
        Letterbox box = Letterbox.of(451, 300, 512, Letterbox.Align.CENTER);
        Box mapped = box.toImage(0, 85, 512, 426);
        assertEquals(new Box(0, 0, 451, 300), mapped);
    }

    @Test
    void chelseaInputIsTheOneTensorflowJsRanOn() throws Exception {
        BufferedImage chelsea = TestImages.read("chelsea.png");
        Letterbox box = Letterbox.of(chelsea, 512, Letterbox.Align.CENTER);
        float[] pixels = box.render(chelsea);
        assertEquals(512 * 512 * 3, pixels.length);
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(pixels);
        String digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
        assertEquals(CHELSEA_INPUT_SHA256, digest);
    }

    @Test
    void padsWithZerosAndKeepsColours() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(10, 200, 255));
        g.fillRect(0, 0, 200, 100);
        g.dispose();
        Letterbox box = Letterbox.of(image, 64, Letterbox.Align.CENTER);
        assertEquals(new Letterbox(200, 100, 64, 64, 32, 0, 16), box);
        float[] pixels = box.render(image);
        for (int y = 0; y < 64; y++) {
            boolean inside = y >= 16 && y < 48;
            for (int x = 0; x < 64; x++) {
                int i = (y * 64 + x) * 3;
                assertEquals(inside ? 10 : 0, pixels[i], 1e-4, "R at " + x + "," + y);
                assertEquals(inside ? 200 : 0, pixels[i + 1], 1e-4, "G at " + x + "," + y);
                assertEquals(inside ? 255 : 0, pixels[i + 2], 1e-4, "B at " + x + "," + y);
            }
        }
    }

    @Test
    void interpolatesBilinearlyWithHalfPixelCentres() {
        // 2x1 image black | white upscaled to 4x2: sample positions -0.25 (clamped), 0.25, 0.75, 1.25 (clamped)
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 0, 0xffffff);
        Letterbox box = Letterbox.of(image, 4, Letterbox.Align.CENTER);
        assertEquals(new Letterbox(2, 1, 4, 4, 2, 0, 1), box);
        float[] pixels = box.render(image);
        float[] row = new float[4];
        for (int x = 0; x < 4; x++) {
            row[x] = pixels[(1 * 4 + x) * 3];
        }
        assertEquals(0, row[0], 1e-4);
        assertEquals(63.75, row[1], 1e-4);
        assertEquals(191.25, row[2], 1e-4);
        assertEquals(255, row[3], 1e-4);
    }

    @Test
    void rasterReadEqualsGetRgb() {
        java.util.Random random = new java.util.Random(7);
        for (int type : new int[] {
            BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_4BYTE_ABGR
        }) {
            BufferedImage fast = new BufferedImage(37, 23, type);
            // premultiplied: not read from the raster, so through getRGB (opaque pixels: the same colours)
            BufferedImage slow = new BufferedImage(37, 23, BufferedImage.TYPE_INT_ARGB_PRE);
            for (int y = 0; y < 23; y++) {
                for (int x = 0; x < 37; x++) {
                    int rgb = 0xff000000 | random.nextInt(0x1000000);
                    fast.setRGB(x, y, rgb);
                    slow.setRGB(x, y, rgb);
                }
            }
            assertEquals(
                    type == BufferedImage.TYPE_INT_ARGB || type == BufferedImage.TYPE_4BYTE_ABGR ? 4 : 3,
                    Letterbox.directRgbBands(fast));
            assertEquals(0, Letterbox.directRgbBands(slow));
            for (int size : new int[] {16, 64}) {
                Letterbox box = Letterbox.of(fast, size, Letterbox.Align.CENTER);
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        box.render(slow), box.render(fast), "type " + type + " into " + size);
            }
        }
    }

    @Test
    void greyImagesKeepTheirValues() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 3, 0, 128);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.getRaster().setSample(x, y, 0, 128);
            }
        }
        float[] pixels = Letterbox.of(grey, 8, Letterbox.Align.CENTER).render(grey);
        // getRGB would give 188 here (linear grey converted to sRGB)
        assertEquals(128, pixels[0], 1e-4);
        assertEquals(128, pixels[1], 1e-4);
        assertEquals(128, pixels[2], 1e-4);

        BufferedImage grey16 = new BufferedImage(4, 4, BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                grey16.getRaster().setSample(x, y, 0, 65535);
            }
        }
        assertEquals(255, Letterbox.of(grey16, 4, Letterbox.Align.CENTER).render(grey16)[0], 1e-4);
    }

    @Test
    void refusesAnotherImage() {
        Letterbox box = Letterbox.of(10, 10, 8, Letterbox.Align.CENTER);
        assertThrows(
                IllegalArgumentException.class,
                () -> box.render(new BufferedImage(11, 10, BufferedImage.TYPE_INT_RGB)));
        assertThrows(IllegalArgumentException.class, () -> Letterbox.Align.parse("bottom"));
        assertEquals(Letterbox.Align.TOP_LEFT, Letterbox.Align.parse("top_left"));
        assertEquals(Letterbox.Align.CENTER, Letterbox.Align.parse("Center"));
    }
}
