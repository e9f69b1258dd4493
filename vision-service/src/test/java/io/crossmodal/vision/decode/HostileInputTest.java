package io.crossmodal.vision.decode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.vision.decode.ImageDecodeException.Reason;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Empty, oversized, unknown, truncated, lying and expensive input: always an ImageDecodeException with its reason. */
class HostileInputTest {

    private static ImageDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new ImageDecoder(DecodeLimits.defaults(), 2, 8);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    private static ImageDecodeException refused(ImageDecoder d, byte[] data) {
        return assertThrows(ImageDecodeException.class, () -> d.decode(data, ""));
    }

    // ---- empty, too many bytes, not an image -------------------------------------------------------------------

    @Test
    void emptyInput() {
        assertEquals(Reason.EMPTY, refused(decoder, new byte[0]).reason());
        assertEquals(Reason.EMPTY, refused(decoder, null).reason());
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> decoder.decode(ByteBuffer.allocate(0), "image/png"));
        assertEquals(Reason.EMPTY, e.reason());
        assertTrue(e.reason().clientError());
    }

    @Test
    void overMaxBytesIsRefusedBeforeParsing() {
        // Valid PNG over a 1 KiB limit.
        byte[] png = Fixtures.write(Fixtures.photoLike(64, 64, 1), "png");
        try (ImageDecoder small = new ImageDecoder(DecodeLimits.defaults().withMaxBytes(1024), 1, 1)) {
            ImageDecodeException e = refused(small, png);
            assertEquals(Reason.TOO_LARGE_BYTES, e.reason());
            assertTrue(e.getMessage().contains("1024"), e.getMessage());
        }
        // 20 MiB + 1 of anything, default limits: refused by size, not by content.
        byte[] big = new byte[(int) DecodeLimits.DEFAULT_MAX_BYTES + 1];
        System.arraycopy(png, 0, big, 0, png.length);
        long start = System.nanoTime();
        assertEquals(Reason.TOO_LARGE_BYTES, refused(decoder, big).reason());
        assertTrue(System.nanoTime() - start < 100_000_000L, "refused at once");
    }

    @Test
    void randomBytesAreUnsupported() {
        Random random = new Random(1234);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[1 + random.nextInt(4096)];
            random.nextBytes(data);
            if (ImageFormat.sniff(ByteBuffer.wrap(data)).isPresent()) {
                continue; // astronomically unlikely; such bytes are checked by the fuzz test
            }
            ImageDecodeException e = refused(decoder, data);
            assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason(), e.getMessage());
        }
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                refused(decoder, "hello, world".getBytes(StandardCharsets.UTF_8))
                        .reason());
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, new byte[] {0}).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AVIF", "HEIF/HEIC", "PSD", "SVG", "PDF", "JPEG XL"})
    void knownButUnsupportedFormatsAreNamed(String name) {
        byte[] data = switch (name) {
            case "AVIF" -> bytes("\0\0\0\u001cftypavif\0\0\0\0avifmif1miaf");
            case "HEIF/HEIC" -> bytes("\0\0\0\u0018ftypheic\0\0\0\0mif1heic");
            case "PSD" -> bytes("8BPS\0\u0001\0\0\0\0\0\0\0\u0003");
            case "SVG" -> bytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>");
            case "PDF" -> bytes("%PDF-1.7\n");
            default -> new byte[] {(byte) 0xFF, 0x0A, 0x7A, 0x00};
        };
        ImageDecodeException e = refused(decoder, data);
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void magicBytesAloneAreCorrupt() {
        byte[][] headsOnly = {
            Fixtures.PNG_SIGNATURE,
            {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
            bytes("GIF89a"),
            bytes("RIFF\u0004\0\0\0WEBP"),
            bytes("II*\0"),
            bytes("MM\0*\0\0\0\u0008"),
            ByteBuffer.allocate(18)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .put((byte) 'B')
                    .put((byte) 'M')
                    .putInt(14, 40)
                    .array(),
        };
        for (byte[] head : headsOnly) {
            ImageDecodeException e = refused(decoder, head);
            assertEquals(Reason.CORRUPT, e.reason(), new String(head, StandardCharsets.ISO_8859_1) + ": " + e);
        }
    }

    // ---- truncation ---------------------------------------------------------------------------------------------

    static Stream<Arguments> seeds() {
        return Seeds.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void truncatedFilesAreCorrupt(String name, byte[] seed) throws Exception {
        assertTrue(decoder.decode(seed, "").width() > 0, "the untruncated seed decodes");
        for (double fraction : new double[] {0.05, 0.25, 0.5, 0.75, 0.9, 0.97}) {
            byte[] cut = Arrays.copyOf(seed, Math.max(1, (int) (seed.length * fraction)));
            ImageDecodeException e = assertThrows(
                    ImageDecodeException.class,
                    () -> decoder.decode(cut, ""),
                    name + " cut to " + cut.length + " of " + seed.length + " bytes");
            assertEquals(Reason.CORRUPT, e.reason(), name + " cut to " + cut.length + ": " + e.getMessage());
        }
    }

    // ---- decompression bombs and lying headers ------------------------------------------------------------------

    @Test
    void pngBombIsRefusedFromTheHeaderWithoutAllocating() throws Exception {
        byte[] bomb = Fixtures.pngBomb(20000, 20000);
        assertTrue(bomb.length < 1000, "a tiny file: " + bomb.length + " bytes");
        long start = System.nanoTime();
        ImageDecodeException e = refused(decoder, bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("20000 x 20000"), e.getMessage());
        assertTrue(millis < 1000, "refused in " + millis + " ms");

        // The same on this thread, measuring what it allocates: a full decode would need 1.2 GB.
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DecodeJob warmUp = new DecodeJob(ByteBuffer.wrap(bomb), ImageFormat.PNG, false, DecodeLimits.defaults());
        assertThrows(ImageDecodeException.class, warmUp::run);
        long before = threads.getCurrentThreadAllocatedBytes();
        DecodeJob job = new DecodeJob(ByteBuffer.wrap(bomb), ImageFormat.PNG, false, DecodeLimits.defaults());
        ImageDecodeException direct = assertThrows(ImageDecodeException.class, job::run);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(Reason.TOO_MANY_PIXELS, direct.reason());
        assertTrue(allocated < 4L * 1024 * 1024, "allocated " + allocated + " bytes");
    }

    static Stream<Arguments> bombs() {
        Map<String, byte[]> seeds = Seeds.all();
        return Stream.of(
                Arguments.of("png 20000 x 20000", Fixtures.pngBomb(20000, 20000)),
                Arguments.of("png 1 x 2^31-1", Fixtures.pngBomb(1, Integer.MAX_VALUE)),
                Arguments.of("jpeg 60000 x 60000", jpegWithSize(seeds.get("jpeg-baseline"), 60000, 60000)),
                Arguments.of(
                        "progressive jpeg 65535 x 65535", jpegWithSize(seeds.get("jpeg-progressive"), 65535, 65535)),
                Arguments.of("gif 65535 x 65535", gifWithSize(seeds.get("gif"), 65535, 65535)),
                Arguments.of("bmp 50000 x 50000", bmpWithSize(seeds.get("bmp-24"), 50000, 50000)),
                Arguments.of("bmp 50000 x -50000 (top-down)", bmpWithSize(seeds.get("bmp-24"), 50000, -50000)),
                Arguments.of("tiff 100000 x 100000", tiffWithSize(100000, 100000)),
                Arguments.of(
                        "webp VP8X canvas 16384 x 16384",
                        webpCanvas(Fixtures.resource("alpha-lossy.webp"), 16384, 16384)),
                Arguments.of(
                        "webp VP8L 16384 x 16384",
                        webpLosslessSize(Fixtures.resource("chelsea-lossless.webp"), 16384, 16384)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bombs")
    void hugeDeclaredSizesAreRefusedFromTheHeader(String name, byte[] bomb) {
        long start = System.nanoTime();
        ImageDecodeException e = refused(decoder, bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TOO_MANY_PIXELS, e.reason(), name + ": " + e.getMessage());
        assertTrue(millis < 1000, name + " refused in " + millis + " ms");
    }

    @Test
    void pixelLimitIsConfigurable() throws Exception {
        byte[] png = Fixtures.write(Fixtures.photoLike(64, 64, 1), "png");
        try (ImageDecoder small = new ImageDecoder(DecodeLimits.defaults().withMaxPixels(64 * 64 - 1), 1, 1)) {
            ImageDecodeException e = refused(small, png);
            assertEquals(Reason.TOO_MANY_PIXELS, e.reason());
        }
        try (ImageDecoder exact = new ImageDecoder(DecodeLimits.defaults().withMaxPixels(64 * 64), 1, 1)) {
            assertEquals(64, exact.decode(png, "").width());
        }
    }

    static byte[] jpegWithSize(byte[] jpeg, int width, int height) {
        byte[] out = jpeg.clone();
        for (int i = 2; i + 9 < out.length; i++) {
            int marker = out[i + 1] & 0xff;
            if ((out[i] & 0xff) == 0xFF && (marker == 0xC0 || marker == 0xC1 || marker == 0xC2)) {
                out[i + 5] = (byte) (height >> 8);
                out[i + 6] = (byte) height;
                out[i + 7] = (byte) (width >> 8);
                out[i + 8] = (byte) width;
                return out;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    static byte[] gifWithSize(byte[] gif, int width, int height) {
        byte[] out = gif.clone();
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(6, (short) width).putShort(8, (short) height);
        int pos = 13;
        if ((out[10] & 0x80) != 0) {
            pos += 3 * (1 << ((out[10] & 7) + 1));
        }
        while ((out[pos] & 0xff) == 0x21) {
            pos += 2;
            while ((out[pos] & 0xff) != 0) {
                pos += (out[pos] & 0xff) + 1;
            }
            pos++;
        }
        if ((out[pos] & 0xff) != 0x2C) {
            throw new IllegalStateException("no image descriptor");
        }
        b.putShort(pos + 5, (short) width).putShort(pos + 7, (short) height);
        return out;
    }

    static byte[] bmpWithSize(byte[] bmp, int width, int height) {
        byte[] out = bmp.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(22, height);
        return out;
    }

    static byte[] tiffWithSize(int width, int height) {
        byte[] out = Fixtures.uncompressedRgbTiff(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), 1);
        // Entries 0 and 1 of IFD0 (at offset 8) are ImageWidth and ImageLength, LONG values at 18 and 30.
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(18, width).putInt(30, height);
        return out;
    }

    static byte[] webpCanvas(byte[] webp, int width, int height) {
        byte[] out = webp.clone();
        if (!new String(out, 12, 4, StandardCharsets.ISO_8859_1).equals("VP8X")) {
            throw new IllegalStateException("no VP8X chunk");
        }
        put24(out, 24, width - 1);
        put24(out, 27, height - 1);
        return out;
    }

    static byte[] webpLosslessSize(byte[] webp, int width, int height) {
        byte[] out = webp.clone();
        if (!new String(out, 12, 4, StandardCharsets.ISO_8859_1).equals("VP8L") || out[20] != 0x2F) {
            throw new IllegalStateException("no VP8L chunk");
        }
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        int bits = b.getInt(21);
        bits = (bits & 0xF0000000) | ((height - 1) & 0x3FFF) << 14 | ((width - 1) & 0x3FFF);
        b.putInt(21, bits);
        return out;
    }

    private static void put24(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >> 8);
        out[offset + 2] = (byte) (value >> 16);
    }

    // ---- format-specific refusals -------------------------------------------------------------------------------

    @Test
    void bmpEmbeddingPngOrJpegIsUnsupported() {
        for (int compression : new int[] {4, 5}) {
            byte[] bmp = Seeds.all().get("bmp-24").clone();
            ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(30, compression);
            assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, bmp).reason());
        }
    }

    @Test
    void jpegWithThousandsOfScansIsRefused() {
        byte[] jpeg = Seeds.all().get("jpeg-progressive");
        // Insert 600 empty scans before EOI.
        byte[] scan = {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0};
        ByteBuffer many = ByteBuffer.allocate(jpeg.length + 600 * scan.length);
        many.put(jpeg, 0, jpeg.length - 2);
        for (int i = 0; i < 600; i++) {
            many.put(scan);
        }
        many.put(jpeg, jpeg.length - 2, 2);
        assertTrue(DecodeJob.countJpegScans(ByteBuffer.wrap(jpeg)) < 20, "the seed has a handful of scans");
        ImageDecodeException e = refused(decoder, many.array());
        assertEquals(Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("scans"), e.getMessage());
    }

    // ---- time budget, cancellation, closing ----------------------------------------------------------------------

    /** A 6000 x 6000 gray PNG of zeros: 36 MB of pixels (under the pixel limit) in about 40 KB. */
    private static byte[] bigCheapPng() {
        int w = 6000;
        int h = 6000;
        byte[] raw = new byte[(w + 1) * h];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(Fixtures.PNG_SIGNATURE);
        out.writeBytes(Fixtures.ihdr(w, h, 8, 0));
        out.writeBytes(Fixtures.pngChunk("IDAT", Fixtures.deflate(raw)));
        out.writeBytes(Fixtures.pngChunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    @Test
    void slowDecodeIsAbortedAndFreesItsThread() throws Exception {
        byte[] big = bigCheapPng();
        byte[] tiny = Fixtures.write(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        try (ImageDecoder hurried =
                new ImageDecoder(DecodeLimits.defaults().withTimeout(Duration.ofMillis(20)), 1, 1)) {
            long start = System.nanoTime();
            ImageDecodeException e = refused(hurried, big);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(e.reason().clientError());
            assertTrue(millis < 1000, "gave up after " + millis + " ms");
            // The aborted read stops soon: the single thread serves the next image.
            DecodedImage next = await("the decoding thread was freed")
                    .atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(ImageDecodeException.class) // busy or slow: try again
                    .until(() -> hurried.decode(tiny, "image/png"), Objects::nonNull);
            assertTrue(next != null, "the decoding thread was freed");
        }
        // With a normal budget the same image decodes.
        DecodedImage image = decoder.decode(big, "image/png");
        assertEquals(6000, image.width());
        assertEquals(0, image.rgb(5999, 5999));
    }

    @Test
    void interruptedCallerGetsCancelled() {
        byte[] png = Fixtures.write(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        Thread.currentThread().interrupt();
        try {
            ImageDecodeException e = refused(decoder, png);
            assertEquals(Reason.CANCELLED, e.reason());
            assertTrue(!e.reason().clientError());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closedDecoderIsBusy() {
        ImageDecoder closed = new ImageDecoder(DecodeLimits.defaults(), 1, 1);
        closed.close();
        byte[] png = Fixtures.write(Fixtures.quadrants(8, 8, BufferedImage.TYPE_INT_RGB), "png");
        ImageDecodeException e = refused(closed, png);
        assertEquals(Reason.BUSY, e.reason());
        assertTrue(!e.reason().clientError());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(
                IllegalArgumentException.class, () -> DecodeLimits.defaults().withMaxBytes(0));
        assertThrows(
                IllegalArgumentException.class, () -> DecodeLimits.defaults().withMaxPixels(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> DecodeLimits.defaults().withMaxPixels(DecodeLimits.PIXELS_CEILING + 1));
        assertThrows(
                IllegalArgumentException.class, () -> DecodeLimits.defaults().withTimeout(Duration.ZERO));
        assertEquals(20L * 1024 * 1024, DecodeLimits.defaults().maxBytes());
        assertEquals(40_000_000L, DecodeLimits.defaults().maxPixels());
        assertEquals(Duration.ofSeconds(5), DecodeLimits.defaults().timeout());
    }
}
