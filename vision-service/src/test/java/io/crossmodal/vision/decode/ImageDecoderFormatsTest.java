package io.crossmodal.vision.decode;

import static io.crossmodal.vision.decode.Fixtures.BLACK;
import static io.crossmodal.vision.decode.Fixtures.BLUE;
import static io.crossmodal.vision.decode.Fixtures.GREEN;
import static io.crossmodal.vision.decode.Fixtures.RED;
import static io.crossmodal.vision.decode.Fixtures.WHITE;
import static io.crossmodal.vision.decode.Fixtures.channelDistance;
import static io.crossmodal.vision.decode.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;
import javax.imageio.ImageWriteParam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every supported format and pixel layout decodes to the expected opaque RGB pixels. */
class ImageDecoderFormatsTest {

    private static ImageDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new ImageDecoder(DecodeLimits.defaults(), 2, 8);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    private static DecodedImage decode(byte[] data, String mimeType) throws ImageDecodeException {
        return decoder.decode(data, mimeType);
    }

    private static void assertColor(int expected, DecodedImage image, int x, int y, int tolerance) {
        int actual = image.rgb(x, y);
        assertTrue(
                channelDistance(expected, actual) <= tolerance,
                "pixel (" + x + ", " + y + "): expected " + hex(expected) + " +-" + tolerance + ", got " + hex(actual));
    }

    private static void assertQuadrants(DecodedImage image, int tolerance) {
        int w = image.width();
        int h = image.height();
        assertColor(RED, image, w / 4, h / 4, tolerance);
        assertColor(GREEN, image, 3 * w / 4, h / 4, tolerance);
        assertColor(BLUE, image, w / 4, 3 * h / 4, tolerance);
        assertColor(WHITE, image, 3 * w / 4, 3 * h / 4, tolerance);
    }

    private static void assertBgr(DecodedImage image) {
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.pixels().getType());
        assertEquals(3 * image.width() * image.height(), image.bgrBytes().length);
        assertFalse(image.pixels().getColorModel().hasAlpha());
    }

    // ---- PNG ----------------------------------------------------------------------------------------------------

    @Test
    void pngRgb8() throws Exception {
        DecodedImage image =
                decode(Fixtures.write(Fixtures.quadrants(64, 48, BufferedImage.TYPE_INT_RGB), "png"), "image/png");
        assertEquals(ImageFormat.PNG, image.format());
        assertEquals("png", image.formatName());
        assertEquals(64, image.width());
        assertEquals(48, image.height());
        assertEquals(1, image.frameCount());
        assertEquals(1, image.exifOrientation());
        assertFalse(image.mimeTypeMismatch());
        assertBgr(image);
        assertQuadrants(image, 0);
    }

    @Test
    void pngInterlacedAdam7() throws Exception {
        BufferedImage source = Fixtures.photoLike(67, 41, 7);
        byte[] png = Fixtures.write(source, "png", p -> p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
        assertEquals(1, png[8 + 8 + 12], "interlace method byte of IHDR");
        DecodedImage image = decode(png, "");
        assertEquals(0.0, Fixtures.meanAbsDifference(image, source));
    }

    @Test
    void realPhotoPngColour() throws Exception {
        byte[] png = Fixtures.resource("chelsea.png");
        DecodedImage image = decode(png, "image/png");
        assertEquals(451, image.width());
        assertEquals(300, image.height());
        assertBgr(image);
        assertEquals(0.0, Fixtures.meanAbsDifference(image, Fixtures.readReference(png)));
    }

    @Test
    void realPhotoPngGrayscaleKeepsGrayValues() throws Exception {
        byte[] png = Fixtures.resource("camera.png");
        DecodedImage image = decode(png, "image/png");
        assertEquals(512, image.width());
        assertEquals(512, image.height());
        Raster gray = Fixtures.readReference(png).getRaster();
        for (int y = 0; y < 512; y += 7) {
            for (int x = 0; x < 512; x += 5) {
                int g = gray.getSample(x, y, 0);
                assertEquals(g << 16 | g << 8 | g, image.rgb(x, y), "gray value at " + x + "," + y);
            }
        }
    }

    @Test
    void pngRgba8CompositedOverWhite() throws Exception {
        BufferedImage argb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xFFFF0000); // opaque red
        argb.setRGB(1, 0, 0x00FF0000); // transparent red -> white
        argb.setRGB(2, 0, 0x800000FF); // half blue -> (127, 127, 255)
        argb.setRGB(3, 0, 0xFF000000); // opaque black
        DecodedImage image = decode(Fixtures.write(argb, "png"), "image/png");
        assertBgr(image);
        assertColor(RED, image, 0, 0, 0);
        assertColor(WHITE, image, 1, 0, 0);
        assertColor(0x7F7FFF, image, 2, 0, 1);
        assertColor(BLACK, image, 3, 0, 0);
    }

    @Test
    void pngGray8WithAlpha() throws Exception {
        byte[] png = Fixtures.png(3, 1, 8, 4, new byte[][] {{(byte) 200, (byte) 255, 0, 0, 50, (byte) 128}});
        DecodedImage image = decode(png, "image/png");
        assertColor(0xC8C8C8, image, 0, 0, 0); // opaque 200
        assertColor(WHITE, image, 1, 0, 0); // transparent
        assertColor(0x999999, image, 2, 0, 1); // 50 at alpha 128/255: 50*0.502 + 255*0.498 = 152
    }

    @Test
    void pngGray16ScaledTo8Bits() throws Exception {
        byte[] row = {(byte) 0xFF, (byte) 0xFF, (byte) 0x80, (byte) 0x80, 0, 0, 0x01, 0x01};
        DecodedImage image = decode(Fixtures.png(4, 1, 16, 0, new byte[][] {row}), "image/png");
        assertColor(WHITE, image, 0, 0, 0);
        assertColor(0x808080, image, 1, 0, 0);
        assertColor(BLACK, image, 2, 0, 0);
        assertColor(0x010101, image, 3, 0, 0);
    }

    @Test
    void pngRgb16AndRgba16() throws Exception {
        byte[] rgb = {
            (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0, /**/ 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0xFF, (byte) 0xFF
        };
        DecodedImage image = decode(Fixtures.png(2, 1, 16, 2, new byte[][] {rgb}), "image/png");
        assertColor(RED, image, 0, 0, 0);
        assertColor(0x0080FF, image, 1, 0, 0);

        byte[] rgba = {0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, /**/ 0, 0, 0, 0, 0, 0, 0, 0};
        DecodedImage withAlpha = decode(Fixtures.png(2, 1, 16, 6, new byte[][] {rgba}), "image/png");
        assertColor(BLUE, withAlpha, 0, 0, 0);
        assertColor(WHITE, withAlpha, 1, 0, 0);
    }

    @Test
    void pngPaletteWithTransparency() throws Exception {
        byte[] plte = Fixtures.pngChunk("PLTE", new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255});
        byte[] trns = Fixtures.pngChunk("tRNS", new byte[] {(byte) 255, 0, (byte) 128});
        DecodedImage image = decode(Fixtures.png(3, 1, 8, 3, new byte[][] {{0, 1, 2}}, plte, trns), "image/png");
        assertBgr(image);
        assertColor(RED, image, 0, 0, 0);
        assertColor(WHITE, image, 1, 0, 0); // green, fully transparent
        assertColor(0x7F7FFF, image, 2, 0, 1); // blue, half transparent
    }

    @Test
    void pngPaletteFourBitAndGrayOneBit() throws Exception {
        byte[] plte = Fixtures.pngChunk("PLTE", new byte[] {0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 0});
        DecodedImage palette = decode(Fixtures.png(3, 1, 4, 3, new byte[][] {{0x12, 0x00}}, plte), "image/png");
        assertColor(GREEN & 0 | RED, palette, 0, 0, 0);
        assertColor(GREEN, palette, 1, 0, 0);
        assertColor(BLACK, palette, 2, 0, 0);

        DecodedImage bits = decode(Fixtures.png(8, 1, 1, 0, new byte[][] {{(byte) 0b1010_0000}}), "image/png");
        assertColor(WHITE, bits, 0, 0, 0);
        assertColor(BLACK, bits, 1, 0, 0);
        assertColor(WHITE, bits, 2, 0, 0);
        assertColor(BLACK, bits, 7, 0, 0);
    }

    // ---- JPEG ---------------------------------------------------------------------------------------------------

    @Test
    void jpegBaselineFromRealPhoto() throws Exception {
        BufferedImage photo = Fixtures.readReference(Fixtures.resource("chelsea.png"));
        DecodedImage image = decode(Fixtures.jpeg(photo, 0.95f, false), "image/jpeg");
        assertEquals(ImageFormat.JPEG, image.format());
        assertEquals(451, image.width());
        assertEquals(300, image.height());
        assertEquals(1, image.frameCount());
        assertBgr(image);
        assertTrue(Fixtures.meanAbsDifference(image, photo) < 4, "close to the source photo");
    }

    @Test
    void jpegProgressive() throws Exception {
        BufferedImage photo = Fixtures.readReference(Fixtures.resource("chelsea.png"));
        byte[] jpeg = Fixtures.jpeg(photo, 0.95f, true);
        assertTrue(containsMarker(jpeg, 0xC2), "written as progressive (SOF2)");
        DecodedImage image = decode(jpeg, "image/jpeg");
        assertEquals(451, image.width());
        assertTrue(Fixtures.meanAbsDifference(image, photo) < 4, "close to the source photo");
    }

    @Test
    void jpegGrayscale() throws Exception {
        BufferedImage gray = Fixtures.readReference(Fixtures.resource("camera.png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, gray.getType());
        DecodedImage image = decode(Fixtures.jpeg(gray, 0.95f, false), "image/jpeg");
        assertEquals(512, image.width());
        int rgb = image.rgb(100, 100);
        assertEquals(rgb & 0xff, rgb >> 16 & 0xff, "gray stays gray");
        assertTrue(Fixtures.meanAbsDifference(image, gray) < 4);
    }

    @Test
    void jpegYcckFromImageMagick() throws Exception {
        byte[] jpeg = Fixtures.resource("chelsea-ycck.jpg");
        DecodedImage image = decode(jpeg, "image/jpeg");
        assertEquals(96, image.width());
        assertEquals(64, image.height());
        assertBgr(image);
        BufferedImage reference = Fixtures.readReference(Fixtures.resource("chelsea-96x64.png"));
        // CMYK -> RGB goes through a CMYK profile, so colours shift a little; the picture must be the same.
        double difference = Fixtures.meanAbsDifference(image, reference);
        assertTrue(difference < 30, "mean difference to the RGB original: " + difference);
        assertTrue(correlation(image, reference) > 0.95, "same picture");
    }

    @Test
    void jpegCmykAdobe() throws Exception {
        // A 4-band raster written by the JDK's JPEG writer: Adobe APP14 marker, CMYK (inverted, as Photoshop does).
        BufferedImage rgb = Fixtures.quadrants(64, 64, BufferedImage.TYPE_INT_RGB);
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 64, 4, null);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                int p = rgb.getRGB(x, y);
                int r = p >> 16 & 0xff;
                int g = p >> 8 & 0xff;
                int b = p & 0xff;
                int k = 255 - Math.max(r, Math.max(g, b));
                int c = k == 255 ? 0 : (255 - r - k) * 255 / (255 - k);
                int m = k == 255 ? 0 : (255 - g - k) * 255 / (255 - k);
                int yy = k == 255 ? 0 : (255 - b - k) * 255 / (255 - k);
                cmyk.setPixel(x, y, new int[] {255 - c, 255 - m, 255 - yy, 255 - k});
            }
        }
        byte[] jpeg = withAdobeMarker(writeRasterJpeg(cmyk));
        assertTrue(containsAdobeMarker(jpeg), "Adobe APP14 marker");
        DecodedImage image = decode(jpeg, "image/jpeg");
        assertEquals(64, image.width());
        assertBgr(image);
        // Through a CMYK profile pure primaries come out less saturated: check the hue, not the exact value.
        int red = image.rgb(16, 16);
        int green = image.rgb(48, 16);
        int blue = image.rgb(16, 48);
        int white = image.rgb(48, 48);
        assertTrue(dominant(red) == 16, "red quadrant is red: " + hex(red));
        assertTrue(dominant(green) == 8, "green quadrant is green: " + hex(green));
        assertTrue(dominant(blue) == 0, "blue quadrant is blue: " + hex(blue));
        assertTrue(channelDistance(white, WHITE) < 40, "white quadrant is white: " + hex(white));
    }

    private static int dominant(int rgb) {
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (r > g + 60 && r > b + 60) {
            return 16;
        }
        if (g > r + 60 && g > b + 60) {
            return 8;
        }
        if (b > r + 60 && b > g + 60) {
            return 0;
        }
        return -1;
    }

    private static byte[] writeRasterJpeg(Raster raster) throws Exception {
        javax.imageio.ImageWriter writer = null;
        for (var it = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
            var w = it.next();
            if (w.getClass().getName().startsWith("com.sun.")) {
                writer = w;
            }
        }
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), writer.getDefaultWriteParam());
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Inserts an Adobe APP14 segment (version 100, transform 0: CMYK, no colour transform) after SOI. */
    private static byte[] withAdobeMarker(byte[] jpeg) {
        byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] out = new byte[jpeg.length + app14.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(app14, 0, out, 2, app14.length);
        System.arraycopy(jpeg, 2, out, 2 + app14.length, jpeg.length - 2);
        return out;
    }

    static boolean containsMarker(byte[] jpeg, int marker) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == marker) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsAdobeMarker(byte[] jpeg) {
        return new String(jpeg, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Adobe");
    }

    private static double correlation(DecodedImage image, BufferedImage reference) {
        int n = image.width() * image.height();
        double[] a = new double[n];
        double[] b = new double[n];
        for (int y = 0, i = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++, i++) {
                a[i] = luma(image.rgb(x, y));
                b[i] = luma(Fixtures.rgb(reference, x, y));
            }
        }
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            cov += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    private static double luma(int rgb) {
        return 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
    }

    // ---- GIF ----------------------------------------------------------------------------------------------------

    @Test
    void gifPalette() throws Exception {
        BufferedImage indexed = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(Fixtures.quadrants(64, 48, BufferedImage.TYPE_INT_RGB), 0, 0, null);
        DecodedImage image = decode(Fixtures.write(indexed, "gif"), "image/gif");
        assertEquals(ImageFormat.GIF, image.format());
        assertEquals(64, image.width());
        assertEquals(48, image.height());
        assertEquals(1, image.frameCount());
        assertBgr(image);
        assertQuadrants(image, 3); // the default 8-bit palette's lightest gray is #FCFCFC
    }

    @Test
    void gifAnimatedFirstFrameAndFrameCount() throws Exception {
        byte[] gif = Fixtures.writeSequence("gif", solid(RED), solid(GREEN), solid(BLUE));
        DecodedImage image = decode(gif, "image/gif");
        assertEquals(3, image.frameCount());
        assertColor(RED, image, 5, 5, 0);
    }

    @Test
    void gifTransparentIndexBecomesWhite() throws Exception {
        byte[] r = {(byte) 255, 0};
        byte[] g = {0, (byte) 255};
        byte[] b = {0, 0};
        IndexColorModel icm = new IndexColorModel(8, 2, r, g, b, 1); // index 1 transparent
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        indexed.getRaster().setSample(0, 0, 0, 0);
        indexed.getRaster().setSample(1, 0, 0, 1);
        DecodedImage image = decode(Fixtures.write(indexed, "gif"), "image/gif");
        assertColor(RED, image, 0, 0, 0);
        assertColor(WHITE, image, 1, 0, 0);
    }

    private static BufferedImage solid(int rgb) {
        BufferedImage indexed = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED);
        var g = indexed.createGraphics();
        g.setColor(new java.awt.Color(rgb));
        g.fillRect(0, 0, 16, 16);
        g.dispose();
        return indexed;
    }

    // ---- BMP ----------------------------------------------------------------------------------------------------

    @Test
    void bmp24Bit() throws Exception {
        DecodedImage image =
                decode(Fixtures.write(Fixtures.quadrants(61, 33, BufferedImage.TYPE_3BYTE_BGR), "bmp"), "image/bmp");
        assertEquals(ImageFormat.BMP, image.format());
        assertEquals(61, image.width());
        assertEquals(33, image.height());
        assertBgr(image);
        assertQuadrants(image, 0);
    }

    @Test
    void bmp8BitPaletteAndGray() throws Exception {
        BufferedImage indexed = new BufferedImage(40, 20, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(Fixtures.quadrants(40, 20, BufferedImage.TYPE_INT_RGB), 0, 0, null);
        assertQuadrants(decode(Fixtures.write(indexed, "bmp"), "image/bmp"), 3); // palette white is #FCFCFC

        BufferedImage gray = new BufferedImage(8, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 1, 0, 77);
        DecodedImage image = decode(Fixtures.write(gray, "bmp"), "image/bmp");
        assertColor(0x4D4D4D, image, 3, 1, 0);
        assertColor(BLACK, image, 0, 0, 0);
    }

    // ---- TIFF ---------------------------------------------------------------------------------------------------

    @Test
    void tiffUncompressedLzwDeflate() throws Exception {
        BufferedImage source = Fixtures.photoLike(50, 30, 3);
        for (String compression : new String[] {"None", "LZW", "Deflate", "PackBits"}) {
            byte[] tiff = Fixtures.write(source, "tiff", p -> {
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionType(compression);
            });
            DecodedImage image = decode(tiff, "image/tiff");
            assertEquals(ImageFormat.TIFF, image.format(), compression);
            assertEquals(50, image.width(), compression);
            assertEquals(1, image.frameCount(), compression);
            assertEquals(0.0, Fixtures.meanAbsDifference(image, source), compression);
        }
    }

    @Test
    void tiffMultiPageAndSixteenBitGray() throws Exception {
        byte[] tiff = Fixtures.writeSequence(
                "tiff", Fixtures.quadrants(32, 32, BufferedImage.TYPE_INT_RGB), Fixtures.photoLike(16, 16, 1));
        DecodedImage image = decode(tiff, "image/tiff");
        assertEquals(2, image.frameCount());
        assertEquals(32, image.width());
        assertQuadrants(image, 0);

        BufferedImage gray16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(1, 0, 0, 0xFFFF);
        gray16.getRaster().setSample(2, 0, 0, 0x8080);
        DecodedImage g = decode(Fixtures.write(gray16, "tiff"), "image/tiff");
        assertColor(BLACK, g, 0, 0, 0);
        assertColor(WHITE, g, 1, 0, 0);
        assertColor(0x808080, g, 2, 0, 0);
    }

    @Test
    void tiffWithAlphaCompositedOverWhite() throws Exception {
        ComponentColorModel cm = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB),
                true,
                false,
                java.awt.Transparency.TRANSLUCENT,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(0, 0, new int[] {255, 0, 0, 255});
        raster.setPixel(1, 0, new int[] {255, 0, 0, 0});
        BufferedImage rgba = new BufferedImage(cm, raster, false, null);
        DecodedImage image = decode(Fixtures.write(rgba, "tiff"), "image/tiff");
        assertColor(RED, image, 0, 0, 0);
        assertColor(WHITE, image, 1, 0, 0);
    }

    // ---- WebP ---------------------------------------------------------------------------------------------------

    @Test
    void webpLossyAndLossless() throws Exception {
        BufferedImage reference = Fixtures.readReference(Fixtures.resource("chelsea-96x64.png"));
        DecodedImage lossless = decode(Fixtures.resource("chelsea-lossless.webp"), "image/webp");
        assertEquals(ImageFormat.WEBP, lossless.format());
        assertEquals(96, lossless.width());
        assertEquals(64, lossless.height());
        assertEquals(1, lossless.frameCount());
        assertBgr(lossless);
        assertEquals(0.0, Fixtures.meanAbsDifference(lossless, reference));

        DecodedImage lossy = decode(Fixtures.resource("chelsea-lossy.webp"), "image/webp");
        assertEquals(96, lossy.width());
        double difference = Fixtures.meanAbsDifference(lossy, reference);
        assertTrue(difference < 8, "lossy WebP close to the original: " + difference);
    }

    @Test
    void webpAlphaCompositedOverWhite() throws Exception {
        for (String name : new String[] {"alpha-lossless.webp", "alpha-lossy.webp"}) {
            DecodedImage image = decode(Fixtures.resource(name), "image/webp");
            assertEquals(64, image.width(), name);
            assertEquals(32, image.height(), name);
            assertColor(RED, image, 10, 16, 8);
            assertColor(WHITE, image, 50, 16, 8);
        }
    }

    @Test
    void webpAnimatedFirstFrame() throws Exception {
        DecodedImage image = decode(Fixtures.resource("animated-3frames.webp"), "image/webp");
        assertEquals(32, image.width());
        assertEquals(3, image.frameCount());
        assertColor(RED, image, 16, 16, 0);
    }

    // ---- sniffing and the MIME type hint ----------------------------------------------------------------------

    @Test
    void sniffedFormatWinsOverMimeType() throws Exception {
        byte[] png = Fixtures.write(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        DecodedImage wrong = decode(png, "image/jpeg");
        assertEquals(ImageFormat.PNG, wrong.format());
        assertTrue(wrong.mimeTypeMismatch());
        assertTrue(decode(png, "application/octet-stream").mimeTypeMismatch());
        assertFalse(decode(png, "").mimeTypeMismatch());
        assertFalse(decode(png, null).mimeTypeMismatch());
        assertFalse(decode(png, "IMAGE/PNG; foo=bar").mimeTypeMismatch());
    }

    @Test
    void decodesFromAByteBufferViewWithoutMovingIt() throws Exception {
        byte[] png = Fixtures.write(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        byte[] padded = new byte[png.length + 20];
        System.arraycopy(png, 0, padded, 10, png.length);
        ByteBuffer view = ByteBuffer.wrap(padded, 10, png.length).slice().asReadOnlyBuffer();
        DecodedImage image = decoder.decode(view, "image/png");
        assertQuadrants(image, 0);
        assertEquals(0, view.position());
        assertEquals(png.length, view.remaining());
    }

    @Test
    void floatHelperIsRgbHwc() throws Exception {
        DecodedImage image = decode(Fixtures.write(Fixtures.quadrants(4, 2, BufferedImage.TYPE_INT_RGB), "png"), "");
        float[] hwc = image.toRgbFloatsHwc();
        assertEquals(4 * 2 * 3, hwc.length);
        // (0,0) red; (3,0) green; (0,1) blue; (3,1) white.
        assertEquals(1f, hwc[0]);
        assertEquals(0f, hwc[1]);
        assertEquals(0f, hwc[2]);
        int green = 3 * 3;
        assertEquals(0f, hwc[green]);
        assertEquals(1f, hwc[green + 1]);
        int blue = 3 * 4;
        assertEquals(0f, hwc[blue]);
        assertEquals(1f, hwc[blue + 2]);
        float[] normalised = image.toRgbFloatsHwc(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
        assertEquals(1f, normalised[0], 1e-6);
        assertEquals(-1f, normalised[1], 1e-6);
    }
}
