package io.crossmodal.vision.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * All eight EXIF orientations. The test builds what a camera would store for a known upright picture, from the EXIF
 * specification's own wording ("the 0th row is the visual top/bottom/left/right, the 0th column is the visual
 * ..."), independently of the decoder's transform code, and checks the decoder gives back the upright picture.
 */
class ExifOrientationTest {

    /** For orientation 1..8: the visual edge that stored row 0 shows, and the one stored column 0 shows. */
    private static final String[][] EDGES = {
        null,
        {"top", "left"},
        {"top", "right"},
        {"bottom", "right"},
        {"bottom", "left"},
        {"left", "top"},
        {"right", "top"},
        {"right", "bottom"},
        {"left", "bottom"},
    };

    private static final int DISPLAY_W = 64;
    private static final int DISPLAY_H = 32;

    private static ImageDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new ImageDecoder(DecodeLimits.defaults(), 2, 8);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    /** The stored (sensor) image for an upright {@code display} image and an orientation. */
    static BufferedImage stored(BufferedImage display, int orientation) {
        String rowEdge = EDGES[orientation][0];
        String colEdge = EDGES[orientation][1];
        boolean rowsAreVertical = rowEdge.equals("top") || rowEdge.equals("bottom");
        int dw = display.getWidth();
        int dh = display.getHeight();
        // Stored rows run along the visual edge that row 0 shows: with a top/bottom edge, a stored row is a visual row.
        int sw = rowsAreVertical ? dw : dh;
        int sh = rowsAreVertical ? dh : dw;
        BufferedImage out = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
        for (int sy = 0; sy < sh; sy++) {
            for (int sx = 0; sx < sw; sx++) {
                int dx = -1;
                int dy = -1;
                // sy = distance from rowEdge; sx = distance from colEdge.
                switch (rowEdge) {
                    case "top" -> dy = sy;
                    case "bottom" -> dy = dh - 1 - sy;
                    case "left" -> dx = sy;
                    default -> dx = dw - 1 - sy;
                }
                switch (colEdge) {
                    case "top" -> dy = sx;
                    case "bottom" -> dy = dh - 1 - sx;
                    case "left" -> dx = sx;
                    default -> dx = dw - 1 - sx;
                }
                out.setRGB(sx, sy, display.getRGB(dx, dy));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void jpegExifOrientationIsApplied(int orientation) throws Exception {
        // Quadrants on a 16-pixel grid: JPEG blocks never straddle two colours, so colours come back nearly exact.
        BufferedImage display = Fixtures.quadrants(DISPLAY_W, DISPLAY_H, BufferedImage.TYPE_INT_RGB);
        BufferedImage stored = stored(display, orientation);
        for (boolean bigEndian : new boolean[] {true, false}) {
            byte[] jpeg = Fixtures.withExifOrientation(Fixtures.jpeg(stored, 0.95f, false), orientation, bigEndian);
            DecodedImage image = decoder.decode(jpeg, "image/jpeg");
            assertEquals(orientation, image.exifOrientation());
            assertEquals(DISPLAY_W, image.width(), "width after orientation " + orientation);
            assertEquals(DISPLAY_H, image.height(), "height after orientation " + orientation);
            assertUpright(image, display, 24);
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 3, 6, 8})
    void progressiveJpegOrientationIsApplied(int orientation) throws Exception {
        BufferedImage display = Fixtures.quadrants(DISPLAY_W, DISPLAY_H, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = Fixtures.withExifOrientation(
                Fixtures.jpeg(stored(display, orientation), 0.95f, true), orientation, true);
        DecodedImage image = decoder.decode(jpeg, "image/jpeg");
        assertEquals(DISPLAY_W, image.width());
        assertUpright(image, display, 24);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void tiffOrientationTagIsApplied(int orientation) throws Exception {
        BufferedImage display = Fixtures.quadrants(DISPLAY_W, DISPLAY_H, BufferedImage.TYPE_INT_RGB);
        byte[] tiff = Fixtures.uncompressedRgbTiff(stored(display, orientation), orientation);
        DecodedImage image = decoder.decode(tiff, "image/tiff");
        assertEquals(orientation, image.exifOrientation());
        assertEquals(DISPLAY_W, image.width());
        assertEquals(DISPLAY_H, image.height());
        assertUpright(image, display, 0);
    }

    @ParameterizedTest(name = "orientation value {0}")
    @ValueSource(ints = {0, 9, 255, 65535})
    void invalidOrientationValuesAreIgnored(int orientation) throws Exception {
        BufferedImage display = Fixtures.quadrants(DISPLAY_W, DISPLAY_H, BufferedImage.TYPE_INT_RGB);
        byte[] jpeg = Fixtures.withExifOrientation(Fixtures.jpeg(display, 0.95f, false), orientation, true);
        DecodedImage image = decoder.decode(jpeg, "image/jpeg");
        assertEquals(1, image.exifOrientation());
        assertUpright(image, display, 24);
    }

    private static void assertUpright(DecodedImage image, BufferedImage display, int tolerance) {
        // Sample the centre of every 8x8 cell, away from the quadrant borders.
        for (int y = 4; y < DISPLAY_H; y += 8) {
            for (int x = 4; x < DISPLAY_W; x += 8) {
                int expected = display.getRGB(x, y) & 0xFFFFFF;
                int actual = image.rgb(x, y);
                assertTrue(
                        Fixtures.channelDistance(expected, actual) <= tolerance,
                        "orientation "
                                + image.exifOrientation() + ", pixel (" + x + ", " + y + "): expected "
                                + Fixtures.hex(expected) + ", got " + Fixtures.hex(actual));
            }
        }
    }
}
