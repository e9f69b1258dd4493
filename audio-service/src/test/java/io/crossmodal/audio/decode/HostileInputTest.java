package io.crossmodal.audio.decode;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
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

/** Empty, oversized, unknown, truncated, lying and expensive input: always an AudioDecodeException with its reason. */
class HostileInputTest {

    private static AudioDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new AudioDecoder(AudioLimits.defaults(), 2, 8);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    private static AudioDecodeException refused(AudioDecoder d, byte[] data) {
        return assertThrows(AudioDecodeException.class, () -> d.decode(data, ""));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] wav16(int rate, int channels, int frames) {
        double[][] x = new double[channels][];
        for (int c = 0; c < channels; c++) {
            x[c] = WavBuilder.tone(440, 0.5, rate, frames, c);
        }
        return new WavBuilder(rate, channels).pcm(16).build(x);
    }

    // ---- empty, too many bytes, not audio --------------------------------------------------------------------------

    @Test
    void emptyInput() {
        assertEquals(Reason.EMPTY, refused(decoder, new byte[0]).reason());
        assertEquals(Reason.EMPTY, refused(decoder, null).reason());
        AudioDecodeException e =
                assertThrows(AudioDecodeException.class, () -> decoder.decode(ByteBuffer.allocate(0), "audio/wav"));
        assertEquals(Reason.EMPTY, e.reason());
        assertTrue(e.reason().clientError());
    }

    @Test
    void overMaxBytesIsRefusedBeforeParsing() {
        byte[] wav = wav16(16000, 1, 1000);
        try (AudioDecoder small = new AudioDecoder(AudioLimits.defaults().withMaxBytes(1024), 1, 1)) {
            AudioDecodeException e = refused(small, wav);
            assertEquals(Reason.TOO_LARGE_BYTES, e.reason());
            assertTrue(e.getMessage().contains("1024"), e.getMessage());
        }
        byte[] big = new byte[(int) AudioLimits.DEFAULT_MAX_BYTES + 1];
        System.arraycopy(wav, 0, big, 0, wav.length);
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
            if (AudioContainer.sniff(ByteBuffer.wrap(data)).isPresent()) {
                continue; // such bytes are exercised by the fuzz test
            }
            AudioDecodeException e = refused(decoder, data);
            assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason(), e.getMessage());
        }
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                refused(decoder, bytes("hello, world")).reason());
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, new byte[] {0}).reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MP4/M4A", "WebM/Matroska", "AIFF", "AMR", "AAC in ADTS", "not WAVE"})
    void knownButUnsupportedFormatsAreNamed(String name) {
        byte[] data = switch (name) {
            case "MP4/M4A" -> bytes("\0\0\0\u0020ftypM4A \0\0\0\0M4A mp42isom");
            case "WebM/Matroska" -> new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0};
            case "AIFF" -> bytes("FORM\0\0\0\u0010AIFFCOMM");
            case "AMR" -> bytes("#!AMR\n");
            case "AAC in ADTS" -> new byte[] {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80, 0, 0x1F, (byte) 0xFC};
            default -> bytes("RIFF\u0010\0\0\0AVI LIST");
        };
        AudioDecodeException e = refused(decoder, data);
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void magicBytesAloneAreCorrupt() {
        byte[][] headsOnly = {
            bytes("RIFF\u0004\0\0\0WAVE"),
            bytes("RF64\u00ff\u00ff\u00ff\u00ffWAVE"),
            bytes("fLaC"),
            bytes("OggS"),
            bytes("ID3\u0003\0\0\0\0\0\0"),
            {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64},
        };
        for (byte[] head : headsOnly) {
            AudioDecodeException e = refused(decoder, head);
            assertEquals(Reason.CORRUPT, e.reason(), new String(head, StandardCharsets.ISO_8859_1) + ": " + e);
        }
    }

    // ---- truncation ----------------------------------------------------------------------------------------------

    static Stream<Arguments> seeds() {
        return Seeds.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void truncatedFilesAreCorrupt(String name, byte[] seed) throws Exception {
        assertTrue(decoder.decode(seed, "").audio().samples().length > 0, "the whole seed decodes");
        for (double fraction : new double[] {0.02, 0.05, 0.25, 0.5, 0.75, 0.9, 0.97, 0.995}) {
            byte[] cut = Arrays.copyOf(seed, Math.max(1, (int) (seed.length * fraction)));
            if (stillWhole(name, seed, cut.length)) {
                assertTrue(decoder.decode(cut, "").audio().samples().length > 0, name + " cut to " + cut.length);
                continue;
            }
            AudioDecodeException e = assertThrows(
                    AudioDecodeException.class,
                    () -> decoder.decode(cut, ""),
                    name + " cut to " + cut.length + " of " + seed.length + " bytes");
            assertEquals(Reason.CORRUPT, e.reason(), name + " cut to " + cut.length + ": " + e.getMessage());
        }
    }

    /**
     * The cuts MP3 cannot tell from a complete file: inside a trailing ID3v1 tag (the audio is whole), or exactly at a
     * frame boundary of a file without a Xing/Info frame count (a shorter file is just as valid).
     */
    private static boolean stillWhole(String name, byte[] seed, int length) {
        if (!name.startsWith("mp3")) {
            return false;
        }
        int id3v1 = seed.length - 128;
        if (AudioContainer.startsWith(ByteBuffer.wrap(seed), id3v1, "TAG") && length >= id3v1) {
            return true;
        }
        return name.equals("mp3-8k") && length % 144 == 0; // 16 kbit/s at 8 kHz: 144-byte frames, no Xing header
    }

    @Test
    void corruptWavHeaders() {
        byte[] wav = wav16(16000, 1, 100);
        // blockAlign inconsistent with channels x bits
        byte[] align = wav.clone();
        ByteBuffer.wrap(align).order(ByteOrder.LITTLE_ENDIAN).putShort(32, (short) 3);
        assertEquals(Reason.CORRUPT, refused(decoder, align).reason());
        // zero channels, zero rate
        byte[] channels = wav.clone();
        ByteBuffer.wrap(channels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
        assertEquals(Reason.CORRUPT, refused(decoder, channels).reason());
        byte[] rate = wav.clone();
        ByteBuffer.wrap(rate).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0);
        assertEquals(Reason.CORRUPT, refused(decoder, rate).reason());
        // fmt chunk shorter than 16 bytes
        byte[] shortFmt = wav.clone();
        ByteBuffer.wrap(shortFmt).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 12);
        assertEquals(Reason.CORRUPT, refused(decoder, shortFmt).reason());
        // no data chunk
        assertEquals(Reason.CORRUPT, refused(decoder, Arrays.copyOf(wav, 36)).reason());
        // an unknown chunk before the data that runs past the end
        byte[] runaway = new WavBuilder(16000, 1)
                .pcm(16)
                .chunkBeforeData("junk", new byte[8])
                .build(new double[][] {new double[10]});
        ByteBuffer.wrap(runaway).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7FFFFFF0);
        assertEquals(Reason.CORRUPT, refused(decoder, runaway).reason());
        // RF64 without ds64
        byte[] rf64 = wav.clone();
        System.arraycopy(bytes("RF64"), 0, rf64, 0, 4);
        assertEquals(Reason.CORRUPT, refused(decoder, rf64).reason());
    }

    @Test
    void unsupportedWavVariants() {
        byte[] wav = wav16(16000, 1, 100);
        byte[] adpcm = wav.clone();
        adpcm[20] = 0x11;
        AudioDecodeException e = refused(decoder, adpcm);
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains("IMA ADPCM"), e.getMessage());
        // 64 channels (limit 32), 1000 Hz and 500000 Hz (range 4000..384000)
        byte[] many = new WavBuilder(16000, 64).pcm(16).build(new double[64][10]);
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, many).reason());
        byte[] slow = wav16(16000, 1, 100);
        ByteBuffer.wrap(slow).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 1000).putInt(28, 2000);
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, slow).reason());
        byte[] fast = wav16(16000, 1, 100);
        ByteBuffer.wrap(fast).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 500000).putInt(28, 1000000);
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, fast).reason());
        // 12-bit float
        byte[] float12 = new WavBuilder(16000, 1).floats(32).build(new double[][] {new double[10]});
        ByteBuffer.wrap(float12).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 12);
        assertEquals(Reason.UNSUPPORTED_FORMAT, refused(decoder, float12).reason());
        // configurable limits
        try (AudioDecoder mono = new AudioDecoder(AudioLimits.defaults().withMaxChannels(1), 1, 1)) {
            assertEquals(
                    Reason.UNSUPPORTED_FORMAT,
                    refused(mono, wav16(16000, 2, 10)).reason());
        }
        try (AudioDecoder narrow = new AudioDecoder(AudioLimits.defaults().withSampleRateRange(8000, 16000), 1, 1)) {
            assertEquals(
                    Reason.UNSUPPORTED_FORMAT,
                    refused(narrow, wav16(22050, 1, 10)).reason());
        }
    }

    @Test
    void oggOpusIsUnsupported() {
        byte[] opusHead = bytes("OpusHead\u0001\u0001\u0038\u0001\u0080\u00bb\0\0\0\0\0");
        byte[] page = OggPages.page(2, 0, 1234, 0, opusHead);
        AudioDecodeException e = refused(decoder, concatBytes(page, OggPages.page(4, 0, 1234, 1, new byte[0])));
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains("Opus"), e.getMessage());
    }

    private static byte[] concatBytes(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    // ---- lying headers: the duration limit from the header, before any work ---------------------------------------

    /** A 44-byte WAV whose header declares 10 hours of 16 kHz 16-bit mono (1.15 GB of data). */
    static byte[] tenHourWav() {
        byte[] wav = wav16(16000, 1, 64);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 10 * 3600 * 16000 * 2);
        return wav;
    }

    @Test
    void tenHourWavHeaderIsRefusedWithoutAllocating() throws Exception {
        byte[] bomb = tenHourWav();
        long start = System.nanoTime();
        AudioDecodeException e = refused(decoder, bomb);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TOO_LONG, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("36000.0 s") && e.getMessage().contains("600 s"), e.getMessage());
        assertTrue(millis < 1000, "refused in " + millis + " ms");
        // The same on this thread, measuring what it allocates: a full decode would need 2.3 GB of output.
        assertAllocatesLittle(bomb, AudioContainer.WAV);
    }

    @Test
    void rf64WithHugeDs64SizesIsRefusedWithoutAllocating() throws Exception {
        for (long size : new long[] {1L << 40, -1L, Long.MIN_VALUE, 0xFFFFFFFFL * 16}) {
            byte[] rf64 = new WavBuilder(48000, 2).pcm(24).rf64().build(new double[2][100]);
            ByteBuffer.wrap(rf64).order(ByteOrder.LITTLE_ENDIAN).putLong(20 + 8, size);
            AudioDecodeException e = refused(decoder, rf64);
            assertEquals(Reason.TOO_LONG, e.reason(), Long.toUnsignedString(size) + ": " + e.getMessage());
            assertAllocatesLittle(rf64, AudioContainer.RF64);
        }
    }

    @Test
    void flacDeclaringHoursIsRefusedFromStreamInfo() throws Exception {
        byte[] flac = Fixtures.resource("stereo-44100-16.flac").clone();
        // STREAMINFO starts at 8; total samples are the low 36 bits of the 8 bytes at 8 + 10.
        ByteBuffer b = ByteBuffer.wrap(flac);
        long packed = b.getLong(18);
        packed = (packed & ~0xFFFFFFFFFL) | (44100L * 3600 * 5);
        b.putLong(18, packed);
        AudioDecodeException e = refused(decoder, flac);
        assertEquals(Reason.TOO_LONG, e.reason(), e.getMessage());
        assertAllocatesLittle(flac, AudioContainer.FLAC);
    }

    @Test
    void oggDeclaringHoursIsRefusedFromItsLastGranule() throws Exception {
        byte[] ogg = Fixtures.resource("stereo-44100.ogg").clone();
        int last = lastIndexOf(ogg, bytes("OggS"));
        ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN).putLong(last + 6, 44100L * 3600 * 3);
        AudioDecodeException e = refused(decoder, ogg);
        assertEquals(Reason.TOO_LONG, e.reason(), e.getMessage());
    }

    private static int lastIndexOf(byte[] data, byte[] what) {
        for (int i = data.length - what.length; i >= 0; i--) {
            if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void durationLimitIsConfigurable() throws Exception {
        try (AudioDecoder short1 =
                new AudioDecoder(AudioLimits.defaults().withMaxDuration(Duration.ofMillis(500)), 1, 4)) {
            for (String name : new String[] {"stereo-44100-id3.mp3", "stereo-44100.ogg", "mono-8000.mp3"}) {
                AudioDecodeException e = refused(short1, Fixtures.resource(name));
                assertEquals(Reason.TOO_LONG, e.reason(), name + ": " + e.getMessage());
            }
            assertEquals(Reason.TOO_LONG, refused(short1, wav16(16000, 1, 8001)).reason());
            assertEquals(500, short1.decode(wav16(16000, 1, 8000), "").durationMillis(), "exactly the limit passes");
            assertEquals(
                    500,
                    short1.decode(Fixtures.resource("stereo-44100-16.flac"), "").durationMillis());
        }
    }

    private static void assertAllocatesLittle(byte[] bomb, AudioContainer format) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        DecodeJob warmUp = new DecodeJob(ByteBuffer.wrap(bomb), format, false, AudioLimits.defaults());
        assertThrows(AudioDecodeException.class, warmUp::run);
        long before = threads.getCurrentThreadAllocatedBytes();
        DecodeJob job = new DecodeJob(ByteBuffer.wrap(bomb), format, false, AudioLimits.defaults());
        AudioDecodeException direct = assertThrows(AudioDecodeException.class, job::run);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(Reason.TOO_LONG, direct.reason());
        assertTrue(allocated < 1024 * 1024, format.formatName() + " bomb refused allocating " + allocated + " bytes");
    }

    // ---- time budget, cancellation, closing ------------------------------------------------------------------------

    @Test
    void slowDecodeIsAbortedAndFreesItsThread() throws Exception {
        // 300 s of 48 kHz 16-bit mono: 28.8 MB, a second or more of resampling.
        byte[] big = new byte[44 + 300 * 48000 * 2];
        byte[] header = wav16(48000, 1, 0);
        System.arraycopy(header, 0, big, 0, 44);
        ByteBuffer.wrap(big)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(4, big.length - 8)
                .putInt(40, big.length - 44);
        byte[] tiny = wav16(16000, 1, 100);
        try (AudioDecoder hurried = new AudioDecoder(AudioLimits.defaults().withTimeout(Duration.ofMillis(20)), 1, 1)) {
            long start = System.nanoTime();
            AudioDecodeException e = refused(hurried, big);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Reason.TIMEOUT, e.reason(), e.getMessage());
            assertTrue(e.reason().clientError());
            assertTrue(millis < 1000, "gave up after " + millis + " ms");
            DecodedAudio next = await("the decoding thread was freed")
                    .atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .ignoreExceptionsInstanceOf(AudioDecodeException.class) // busy or slow: try again
                    .until(() -> hurried.decode(tiny, "audio/wav"), Objects::nonNull);
            assertTrue(next != null, "the decoding thread was freed");
        }
    }

    @Test
    void interruptedCallerGetsCancelled() {
        byte[] wav = wav16(16000, 1, 100);
        Thread.currentThread().interrupt();
        try {
            AudioDecodeException e = refused(decoder, wav);
            assertEquals(Reason.CANCELLED, e.reason());
            assertFalse(e.reason().clientError());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void closedDecoderIsBusy() {
        AudioDecoder closed = new AudioDecoder(AudioLimits.defaults(), 1, 1);
        closed.close();
        AudioDecodeException e = refused(closed, wav16(16000, 1, 100));
        assertEquals(Reason.BUSY, e.reason());
        assertFalse(e.reason().clientError());
    }

    @Test
    void limitsAreValidated() {
        AudioLimits d = AudioLimits.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMaxBytes(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxDuration(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxDuration(Duration.ofHours(40)));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxChannels(0));
        assertThrows(IllegalArgumentException.class, () -> d.withSampleRateRange(8000, 4000));
        assertThrows(IllegalArgumentException.class, () -> d.withSampleRateRange(500, 4000));
        assertThrows(IllegalArgumentException.class, () -> d.withTimeout(Duration.ZERO));
        assertEquals(32L * 1024 * 1024, d.maxBytes());
        assertEquals(Duration.ofSeconds(600), d.maxDuration());
        assertEquals(32, d.maxChannels());
        assertEquals(4000, d.minSampleRate());
        assertEquals(384000, d.maxSampleRate());
        assertEquals(Duration.ofSeconds(10), d.timeout());
    }

    /** Ogg pages with a correct CRC, to build streams by hand. */
    static final class OggPages {
        private static final int[] CRC = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int r = i << 24;
                for (int k = 0; k < 8; k++) {
                    r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
                }
                CRC[i] = r;
            }
        }

        static byte[] page(int type, long granule, int serial, int sequence, byte[] body) {
            int segments = body.length / 255 + 1;
            ByteBuffer b = ByteBuffer.allocate(27 + segments + body.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put(bytes("OggS"))
                    .put((byte) 0)
                    .put((byte) type)
                    .putLong(granule)
                    .putInt(serial)
                    .putInt(sequence)
                    .putInt(0)
                    .put((byte) segments);
            for (int i = 0; i < segments - 1; i++) {
                b.put((byte) 255);
            }
            b.put((byte) (body.length % 255)).put(body);
            byte[] page = b.array();
            int crc = 0;
            for (byte x : page) {
                crc = (crc << 8) ^ CRC[((crc >>> 24) & 0xff) ^ (x & 0xff)];
            }
            ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
            return page;
        }
    }
}
