package io.crossmodal.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every WAV variant, from files built in the test with known samples, checked sample by sample. */
class WavDecodingTest {

    private static AudioDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new AudioDecoder(AudioLimits.defaults(), 2, 16);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("pcm 8-bit unsigned", (UnaryOperator<WavBuilder>) w -> w.pcm(8), 8, "wav"),
                Arguments.of("pcm 16-bit", (UnaryOperator<WavBuilder>) w -> w.pcm(16), 16, "wav"),
                Arguments.of("pcm 24-bit", (UnaryOperator<WavBuilder>) w -> w.pcm(24), 24, "wav"),
                Arguments.of("pcm 32-bit", (UnaryOperator<WavBuilder>) w -> w.pcm(32), 32, "wav"),
                Arguments.of("float 32-bit", (UnaryOperator<WavBuilder>) w -> w.floats(32), 32, "wav"),
                Arguments.of("float 64-bit", (UnaryOperator<WavBuilder>) w -> w.floats(64), 64, "wav"),
                Arguments.of("A-law", (UnaryOperator<WavBuilder>) WavBuilder::alaw, 8, "wav"),
                Arguments.of("mu-law", (UnaryOperator<WavBuilder>) WavBuilder::mulaw, 8, "wav"),
                Arguments.of(
                        "extensible pcm 16-bit",
                        (UnaryOperator<WavBuilder>) w -> w.pcm(16).extensible(16),
                        16,
                        "wav"),
                Arguments.of(
                        "extensible pcm 24-bit",
                        (UnaryOperator<WavBuilder>) w -> w.pcm(24).extensible(24),
                        24,
                        "wav"),
                Arguments.of(
                        "extensible pcm 24 valid bits in 32",
                        (UnaryOperator<WavBuilder>) w -> w.pcm(32).extensible(24),
                        24,
                        "wav"),
                Arguments.of(
                        "extensible float 32-bit",
                        (UnaryOperator<WavBuilder>) w -> w.floats(32).extensible(32),
                        32,
                        "wav"),
                Arguments.of(
                        "rf64 pcm 16-bit",
                        (UnaryOperator<WavBuilder>) w -> w.pcm(16).rf64(),
                        16,
                        "rf64"),
                Arguments.of(
                        "rf64 pcm 24-bit",
                        (UnaryOperator<WavBuilder>) w -> w.pcm(24).rf64(),
                        24,
                        "rf64"),
                Arguments.of(
                        "rf64 extensible float 64-bit",
                        (UnaryOperator<WavBuilder>)
                                w -> w.floats(64).extensible(64).rf64(),
                        64,
                        "rf64"));
    }

    /** At 16 kHz the resampler passes samples through: the decoded values are the stored ones, exactly. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void monoAt16kDecodesToTheStoredValues(String name, UnaryOperator<WavBuilder> variant, int bits, String format)
            throws Exception {
        WavBuilder w = variant.apply(new WavBuilder(16000, 1));
        double[] x = WavBuilder.tone(440, 0.6, 16000, 1600, 0.3);
        byte[] file = w.build(new double[][] {x});
        DecodedAudio d = decoder.decode(file, "audio/wav");
        assertEquals(format, d.formatName());
        assertEquals(16000, d.sampleRateHz());
        assertEquals(1, d.channels());
        assertEquals(bits, d.bitsPerSample());
        assertEquals(100, d.durationMillis());
        assertFalse(d.mimeTypeMismatch());
        float[] y = d.audio().samples();
        assertEquals(1600, y.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals((float) w.expected(x[i]), y[i], 0f, name + " sample " + i);
            assertEquals(x[i], y[i], bits == 8 ? 0.04 : 1e-4, name + " sample " + i + " is close to the signal");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void stereoIsTheMeanOfTheChannels(String name, UnaryOperator<WavBuilder> variant, int bits, String format)
            throws Exception {
        WavBuilder w = variant.apply(new WavBuilder(16000, 2));
        double[] left = WavBuilder.tone(440, 0.5, 16000, 800, 0);
        double[] right = WavBuilder.tone(1000, 0.3, 16000, 800, 1);
        DecodedAudio d = decoder.decode(w.build(new double[][] {left, right}), "");
        assertEquals(2, d.channels());
        float[] y = d.audio().samples();
        for (int i = 0; i < left.length; i++) {
            float expected = (float) ((w.expected(left[i]) + w.expected(right[i])) * 0.5f);
            assertEquals(expected, y[i], 0f, name + " sample " + i);
        }
    }

    @Test
    void sixChannelsAreAveraged() throws Exception {
        double[][] ch = new double[6][];
        for (int c = 0; c < 6; c++) {
            ch[c] = WavBuilder.tone(200 + 150 * c, 0.9 - 0.1 * c, 16000, 1000, c);
        }
        for (WavBuilder w : new WavBuilder[] {
            new WavBuilder(16000, 6).pcm(24).extensible(24),
            new WavBuilder(16000, 6).pcm(16),
            new WavBuilder(16000, 6).floats(32).rf64()
        }) {
            DecodedAudio d = decoder.decode(w.build(ch), "audio/wav");
            assertEquals(6, d.channels());
            float[] y = d.audio().samples();
            for (int i = 0; i < 1000; i++) {
                double sum = 0;
                for (int c = 0; c < 6; c++) {
                    sum += w.expected(ch[c][i]);
                }
                assertEquals((float) (sum * (1f / 6)), y[i], 0f, "sample " + i);
            }
        }
    }

    static Stream<Arguments> rates() {
        return Stream.of(8000, 11025, 22050, 32000, 44100, 48000, 96000)
                .flatMap(rate ->
                        Stream.of(Arguments.of(rate, 1, 16), Arguments.of(rate, 2, 24), Arguments.of(rate, 1, 32)));
    }

    /** Any rate comes out at 16 kHz, the tone intact: within 1e-3 of the ideal 16 kHz samples. */
    @ParameterizedTest(name = "{0} Hz, {1} ch, {2} bits")
    @MethodSource("rates")
    void anyRateIsResampledTo16k(int rate, int channels, int bits) throws Exception {
        int frames = rate / 2;
        double[][] ch = new double[channels][];
        for (int c = 0; c < channels; c++) {
            ch[c] = WavBuilder.tone(440, 0.5, rate, frames, 0);
        }
        WavBuilder w = new WavBuilder(rate, channels);
        w = bits == 32 ? w.floats(32) : w.pcm(bits);
        DecodedAudio d = decoder.decode(w.build(ch), "audio/x-wav");
        assertEquals(rate, d.sampleRateHz());
        assertEquals(frames * 1000L / rate, d.durationMillis());
        MonoAudio a = d.audio();
        assertEquals(MonoAudio.MODEL_RATE, a.sampleRate());
        assertEquals(Resampler.outputLength(frames, rate, 16000), a.samples().length);
        double worst = 0;
        for (int k = 320;
                k < a.samples().length - 320;
                k++) { // away from the clip's edges (20 ms), where the tone starts and stops
            worst = Math.max(worst, Math.abs(a.samples()[k] - 0.5 * Math.sin(2 * Math.PI * 440 * k / 16000.0)));
        }
        assertTrue(worst < 1e-3, "max error " + worst);
    }

    // ---- chunk structure -------------------------------------------------------------------------------------------

    private static final double[] TONE = WavBuilder.tone(300, 0.5, 16000, 480, 0);

    private static void assertTone(DecodedAudio d) {
        float[] y = d.audio().samples();
        assertEquals(TONE.length, y.length);
        for (int i = 0; i < y.length; i++) {
            assertEquals(TONE[i], y[i], 1.0 / 32768, "sample " + i);
        }
    }

    @Test
    void unknownAndOddSizedChunksAreSkipped() throws Exception {
        byte[] file = new WavBuilder(16000, 1)
                .pcm(16)
                .chunkBeforeFmt(
                        "LIST", "INFOISFT\u0005\0\0\0test\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .chunkBeforeFmt("JUNK", new byte[7])
                .chunkBeforeData("fact", new byte[] {(byte) 0xE0, 1, 0, 0})
                .chunkBeforeData("odd!", new byte[3])
                .build(new double[][] {TONE});
        assertTone(decoder.decode(file, "audio/wav"));
    }

    @Test
    void fmtAfterTheDataIsFound() throws Exception {
        assertTone(
                decoder.decode(new WavBuilder(16000, 1).pcm(16).fmtAfterData().build(new double[][] {TONE}), ""));
    }

    @Test
    void placeholderDataSizeMeansToTheEndOfTheFile() throws Exception {
        assertTone(decoder.decode(
                new WavBuilder(16000, 1).pcm(16).placeholderDataSize().build(new double[][] {TONE}), ""));
    }

    @Test
    void aPartialFinalFrameIsDropped() throws Exception {
        // 3 stray bytes of a 4-byte stereo frame.
        WavBuilder w = new WavBuilder(16000, 2).pcm(16).partialFrame(3);
        DecodedAudio d = decoder.decode(w.build(new double[][] {TONE, TONE}), "");
        assertTone(d);
    }

    @Test
    void bytesAfterTheDataChunkAreIgnored() throws Exception {
        byte[] junk = new byte[37];
        new java.util.Random(3).nextBytes(junk);
        assertTone(
                decoder.decode(new WavBuilder(16000, 1).pcm(16).trailing(junk).build(new double[][] {TONE}), ""));
        // A LIST chunk after the data, as many editors write.
        byte[] list = WavBuilder.chunk("LIST", new byte[40]);
        assertTone(
                decoder.decode(new WavBuilder(16000, 1).pcm(16).trailing(list).build(new double[][] {TONE}), ""));
    }

    @Test
    void aMissingPadByteAtTheVeryEndIsAccepted() throws Exception {
        // An odd data size (8-bit mono, 481 frames) with no pad byte after it.
        double[] x = WavBuilder.tone(300, 0.5, 16000, 481, 0);
        byte[] file = new WavBuilder(16000, 1).pcm(8).build(new double[][] {x});
        byte[] noPad = java.util.Arrays.copyOf(file, file.length - 1);
        assertEquals(481, decoder.decode(noPad, "").audio().samples().length);
    }

    @Test
    void mimeTypeIsOnlyAHint() throws Exception {
        byte[] file = new WavBuilder(16000, 1).pcm(16).build(new double[][] {TONE});
        DecodedAudio d = decoder.decode(file, "audio/mpeg");
        assertEquals("wav", d.formatName());
        assertTrue(d.mimeTypeMismatch());
        assertFalse(decoder.decode(file, "audio/WAV; codecs=1").mimeTypeMismatch());
        assertFalse(decoder.decode(file, null).mimeTypeMismatch());
        assertTrue(decoder.decode(file, "text/plain").mimeTypeMismatch());
        byte[] rf64 = new WavBuilder(16000, 1).pcm(16).rf64().build(new double[][] {TONE});
        assertFalse(decoder.decode(rf64, "audio/wav").mimeTypeMismatch(), "RF64 is commonly sent as audio/wav");
    }

    @Test
    void byteBufferInputIsNotMovedOrCopied() throws Exception {
        byte[] file = new WavBuilder(16000, 1).pcm(16).build(new double[][] {TONE});
        byte[] padded = new byte[file.length + 10];
        System.arraycopy(file, 0, padded, 5, file.length);
        ByteBuffer view = ByteBuffer.wrap(padded, 5, file.length).slice().asReadOnlyBuffer();
        assertTone(decoder.decode(view, "audio/wav"));
        assertEquals(0, view.position());
    }

    @Test
    void emptyDataChunkIsEmptyAudio() throws Exception {
        DecodedAudio d = decoder.decode(new WavBuilder(44100, 2).pcm(16).build(new double[][] {{}, {}}), "");
        assertEquals(0, d.audio().samples().length);
        assertEquals(0, d.durationMillis());
    }

    /** The G.711 tables agree with the JDK's own A-law and mu-law codecs for all 256 codes. */
    @Test
    void g711TablesMatchTheJdk() throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        for (AudioFormat.Encoding encoding :
                new AudioFormat.Encoding[] {AudioFormat.Encoding.ULAW, AudioFormat.Encoding.ALAW}) {
            AudioFormat source = new AudioFormat(encoding, 8000, 8, 1, 1, 8000, false);
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000, false);
            byte[] out = AudioSystem.getAudioInputStream(
                            pcm, new AudioInputStream(new ByteArrayInputStream(codes), source, 256))
                    .readAllBytes();
            for (int i = 0; i < 256; i++) {
                int jdk = (short) ((out[2 * i] & 0xff) | out[2 * i + 1] << 8);
                int ours = encoding == AudioFormat.Encoding.ULAW
                        ? PcmFormat.G711.mulaw((byte) i)
                        : PcmFormat.G711.alaw((byte) i);
                assertEquals(jdk, ours, encoding + " code " + i);
            }
        }
    }
}
