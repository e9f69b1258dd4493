package io.crossmodal.audio.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.decode.AudioDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Audio in chunks: the concatenated outputs equal the unary decode exactly, limits apply as data arrives. */
class StreamingAudioDecoderTest {

    private static AudioDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new AudioDecoder(AudioLimits.defaults(), 2, 16);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    /** Feeds {@code file} in random chunks (many of 1 to 3 bytes, some empty) and joins the outputs. */
    static float[] streamed(StreamingAudioDecoder s, byte[] file, Random random) throws AudioDecodeException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        float[] all = new float[0];
        while (pos < file.length) {
            int len = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(4);
                case 1 -> 1 + random.nextInt(64);
                default -> 1 + random.nextInt(5000);
            };
            len = Math.min(len, file.length - pos);
            // A view with a non-zero position, to check the buffer is read from its position and not moved.
            byte[] padded = new byte[len + 7];
            System.arraycopy(file, pos, padded, 3, len);
            ByteBuffer chunk = ByteBuffer.wrap(padded, 3, len);
            all = concat(all, s.accept(chunk));
            assertEquals(3, chunk.position());
            pos += len;
        }
        return concat(all, s.finish());
    }

    static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("16-bit mono 16 kHz", 16000, 1, (UnaryOperator<WavBuilder>) w -> w.pcm(16)),
                Arguments.of("16-bit stereo 44.1 kHz", 44100, 2, (UnaryOperator<WavBuilder>) w -> w.pcm(16)),
                Arguments.of("24-bit 6 channels 48 kHz", 48000, 6, (UnaryOperator<WavBuilder>) w -> w.pcm(24)),
                Arguments.of("8-bit mono 8 kHz", 8000, 1, (UnaryOperator<WavBuilder>) w -> w.pcm(8)),
                Arguments.of("float 32 stereo 22.05 kHz", 22050, 2, (UnaryOperator<WavBuilder>) w -> w.floats(32)),
                Arguments.of("float 64 mono 11.025 kHz", 11025, 1, (UnaryOperator<WavBuilder>) w -> w.floats(64)),
                Arguments.of("mu-law 8 kHz", 8000, 1, (UnaryOperator<WavBuilder>) WavBuilder::mulaw),
                Arguments.of("extensible 24 in 32 stereo 96 kHz", 96000, 2, (UnaryOperator<WavBuilder>)
                        w -> w.pcm(32).extensible(24)),
                Arguments.of("rf64 16-bit stereo 48 kHz", 48000, 2, (UnaryOperator<WavBuilder>)
                        w -> w.pcm(16).rf64()),
                Arguments.of("LIST chunk before fmt and fact before data", 44100, 1, (UnaryOperator<WavBuilder>)
                        w -> w.pcm(16).chunkBeforeFmt("LIST", new byte[301]).chunkBeforeData("fact", new byte[4])),
                Arguments.of("placeholder data size", 32000, 2, (UnaryOperator<WavBuilder>)
                        w -> w.pcm(16).placeholderDataSize()),
                Arguments.of("trailing chunk after data", 44100, 2, (UnaryOperator<WavBuilder>)
                        w -> w.pcm(16).trailing(WavBuilder.chunk("LIST", new byte[50]))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void streamedWavEqualsUnaryExactly(String name, int rate, int channels, UnaryOperator<WavBuilder> variant)
            throws Exception {
        Random random = new Random(name.hashCode());
        double[][] x = new double[channels][];
        for (int c = 0; c < channels; c++) {
            x[c] = WavBuilder.tone(300 + 200 * c, 0.4, rate, rate * 3 / 10 + 1, c);
            for (int i = 0; i < x[c].length; i++) {
                x[c][i] += 0.1 * random.nextGaussian() * 0.5;
            }
        }
        byte[] file = variant.apply(new WavBuilder(rate, channels)).build(x);
        DecodedAudio unary = decoder.decode(file, "audio/wav");
        for (int run = 0; run < 3; run++) {
            StreamingAudioDecoder s = decoder.openStream("audio/wav");
            float[] joined = streamed(s, file, random);
            assertEquals(unary.audio().samples().length, joined.length, name);
            assertArrayEquals(unary.audio().samples(), joined, name + ": identical, sample for sample");
            assertEquals(unary.formatName(), s.formatName());
            assertEquals(rate, s.sampleRateHz());
            assertEquals(channels, s.channels());
            assertEquals(unary.bitsPerSample(), s.bitsPerSample());
            assertEquals(unary.durationMillis(), s.durationMillis());
            assertEquals(file.length, s.bytesReceived());
        }
    }

    @Test
    void rawL16EqualsTheSameSamplesAsWav() throws Exception {
        Random random = new Random(7);
        for (int rate : new int[] {16000, 8000, 44100}) {
            double[] x = WavBuilder.tone(440, 0.5, rate, rate / 2, 0);
            byte[] wav = new WavBuilder(rate, 1).pcm(16).build(new double[][] {x});
            byte[] raw = Arrays.copyOfRange(wav, 44, wav.length);
            float[] expected = decoder.decode(wav, "").audio().samples();
            String mime = rate == 16000 ? "audio/l16" : "audio/L16; rate=" + rate;
            StreamingAudioDecoder s = new StreamingAudioDecoder(mime, AudioLimits.defaults());
            assertTrue(s.headerComplete());
            assertEquals("l16", s.formatName());
            assertArrayEquals(expected, streamed(s, raw, random), mime);
        }
        // Stereo raw PCM with a channels parameter.
        double[] l = WavBuilder.tone(440, 0.5, 16000, 1000, 0);
        double[] r = WavBuilder.tone(900, 0.2, 16000, 1000, 0);
        byte[] wav = new WavBuilder(16000, 2).pcm(16).build(new double[][] {l, r});
        float[] expected = decoder.decode(wav, "").audio().samples();
        StreamingAudioDecoder s = new StreamingAudioDecoder("audio/l16;rate=16000;channels=2", AudioLimits.defaults());
        assertArrayEquals(expected, streamed(s, Arrays.copyOfRange(wav, 44, wav.length), random));
    }

    @Test
    void samplesComeOutAsDataArrives() throws Exception {
        double[] x = WavBuilder.tone(440, 0.5, 48000, 48000, 0);
        byte[] file = new WavBuilder(48000, 1).pcm(16).build(new double[][] {x});
        StreamingAudioDecoder s = decoder.openStream("audio/wav");
        assertEquals(0, s.accept(Arrays.copyOfRange(file, 0, 30)).length, "half a header");
        assertTrue(!s.headerComplete());
        assertEquals(0, s.accept(Arrays.copyOfRange(file, 30, 44)).length, "the header");
        assertTrue(s.headerComplete());
        float[] first = s.accept(Arrays.copyOfRange(file, 44, 44 + 9600)); // 100 ms
        // All of 100 ms but the resampler's latency (libsoxr's HQ filter: 132 outputs = 8.3 ms at 48 -> 16 kHz).
        assertTrue(first.length >= 1450 && first.length <= 1600, "got " + first.length);
        assertEquals(100, s.durationMillis());
    }

    @Test
    void limitsApplyAsDataArrives() throws Exception {
        byte[] file =
                new WavBuilder(16000, 1).pcm(16).build(new double[][] {WavBuilder.tone(440, 0.5, 16000, 32000, 0)});
        // Bytes: a 10000-byte limit.
        StreamingAudioDecoder small =
                new StreamingAudioDecoder("audio/wav", AudioLimits.defaults().withMaxBytes(10000));
        small.accept(Arrays.copyOfRange(file, 0, 9000));
        AudioDecodeException tooMany =
                assertThrows(AudioDecodeException.class, () -> small.accept(Arrays.copyOfRange(file, 9000, 12000)));
        assertEquals(Reason.TOO_LARGE_BYTES, tooMany.reason());
        // The failure sticks.
        assertSame(tooMany, assertThrows(AudioDecodeException.class, () -> small.accept(new byte[1])));
        assertSame(tooMany, assertThrows(AudioDecodeException.class, small::finish));
        // Duration: 1.5 s allowed, 2 s sent.
        StreamingAudioDecoder shortOne =
                new StreamingAudioDecoder("audio/wav", AudioLimits.defaults().withMaxDuration(Duration.ofMillis(1500)));
        shortOne.accept(Arrays.copyOfRange(file, 0, 44 + 2 * 24000));
        AudioDecodeException tooLong = assertThrows(
                AudioDecodeException.class,
                () -> shortOne.accept(Arrays.copyOfRange(file, 44 + 2 * 24000, 44 + 2 * 24001)));
        assertEquals(Reason.TOO_LONG, tooLong.reason());
        // Raw PCM too.
        StreamingAudioDecoder raw =
                new StreamingAudioDecoder("audio/l16", AudioLimits.defaults().withMaxDuration(Duration.ofSeconds(1)));
        raw.accept(new byte[32000]);
        assertEquals(
                Reason.TOO_LONG,
                assertThrows(AudioDecodeException.class, () -> raw.accept(new byte[2]))
                        .reason());
    }

    @Test
    void badStreamsAreRefused() throws Exception {
        AudioLimits limits = AudioLimits.defaults();
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder("audio/mpeg", limits))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder("audio/l16;rate=100", limits))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder("audio/l16;rate=abc", limits))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(
                                AudioDecodeException.class,
                                () -> new StreamingAudioDecoder("audio/l16;channels=99", limits))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder(null, limits))
                        .reason());
        // Nothing arrived.
        assertEquals(
                Reason.EMPTY,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder("audio/wav", limits).finish())
                        .reason());
        assertEquals(
                Reason.EMPTY,
                assertThrows(AudioDecodeException.class, () -> new StreamingAudioDecoder("audio/l16", limits).finish())
                        .reason());
        // Not a WAV.
        StreamingAudioDecoder notWav = new StreamingAudioDecoder("audio/wav", limits);
        AudioDecodeException e =
                assertThrows(AudioDecodeException.class, () -> notWav.accept(Fixtures.resource("mono-8000.mp3")));
        assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
        assertTrue(e.getMessage().contains("mp3"), e.getMessage());
        // Ends inside the header.
        byte[] file = new WavBuilder(16000, 1).pcm(16).build(new double[][] {new double[100]});
        StreamingAudioDecoder cut = new StreamingAudioDecoder("audio/wav", limits);
        cut.accept(Arrays.copyOf(file, 30));
        assertEquals(
                Reason.CORRUPT,
                assertThrows(AudioDecodeException.class, cut::finish).reason());
        // Unsupported codec, data before fmt.
        byte[] adpcm = file.clone();
        adpcm[20] = 2;
        assertEquals(
                Reason.UNSUPPORTED_FORMAT,
                assertThrows(
                                AudioDecodeException.class,
                                () -> new StreamingAudioDecoder("audio/wav", limits).accept(adpcm))
                        .reason());
        byte[] dataFirst = new WavBuilder(16000, 1).pcm(16).fmtAfterData().build(new double[][] {new double[10]});
        assertEquals(
                Reason.CORRUPT,
                assertThrows(
                                AudioDecodeException.class,
                                () -> new StreamingAudioDecoder("audio/wav", limits).accept(dataFirst))
                        .reason());
        // A stream that stops before its declared data size is accepted: the client stopped.
        byte[] whole =
                new WavBuilder(16000, 1).pcm(16).build(new double[][] {WavBuilder.tone(440, 0.5, 16000, 1600, 0)});
        StreamingAudioDecoder stopped = new StreamingAudioDecoder("audio/wav", limits);
        float[] got = concat(stopped.accept(Arrays.copyOf(whole, 44 + 1000)), stopped.finish());
        assertEquals(500, got.length);
        // finish() twice is a programming error.
        assertThrows(IllegalStateException.class, stopped::finish);
    }
}
