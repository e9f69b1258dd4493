package io.crossmodal.audio.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FLAC, MP3 and Ogg Vorbis from real files made by the reference encoders (flac, lame, oggenc). */
class CompressedFormatsTest {

    private static AudioDecoder decoder;

    @BeforeAll
    static void start() {
        decoder = new AudioDecoder(AudioLimits.defaults(), 2, 16);
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    /** FLAC is lossless: the decode equals that of a WAV holding the same integers, sample for sample. */
    @Test
    void flacStereo16BitIsLossless() throws Exception {
        byte[] flac = Fixtures.resource("stereo-44100-16.flac");
        DecodedAudio d = decoder.decode(flac, "audio/flac");
        assertEquals("flac", d.formatName());
        assertEquals(44100, d.sampleRateHz());
        assertEquals(2, d.channels());
        assertEquals(16, d.bitsPerSample());
        assertEquals(500, d.durationMillis());
        assertFalse(d.mimeTypeMismatch());
        DecodedAudio wav = decoder.decode(Fixtures.sourceWav(44100, 2, 16, 22050), "audio/wav");
        assertEquals(wav.audio().samples().length, d.audio().samples().length);
        assertEquals(8000, d.audio().samples().length);
        for (int i = 0; i < 8000; i++) {
            assertEquals(wav.audio().samples()[i], d.audio().samples()[i], 0f, "sample " + i);
        }
    }

    @Test
    void flacMono24BitIsLossless() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("mono-48000-24.flac"), "");
        assertEquals(48000, d.sampleRateHz());
        assertEquals(1, d.channels());
        assertEquals(24, d.bitsPerSample());
        assertEquals(250, d.durationMillis());
        DecodedAudio wav = decoder.decode(Fixtures.sourceWav(48000, 1, 24, 12000), "");
        assertEquals(4000, d.audio().samples().length);
        for (int i = 0; i < 4000; i++) {
            assertEquals(wav.audio().samples()[i], d.audio().samples()[i], 0f, "sample " + i);
        }
    }

    /**
     * MP3 is lossy: the tones are there at their level (within 1 dB), nothing else is (the residual after removing
     * them is small), and with the LAME tag's encoder delay and padding removed the output lines up with the source
     * and has its exact length.
     */
    @Test
    void mp3StereoWithId3AndLameTag() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("stereo-44100-id3.mp3"), "audio/mpeg");
        assertEquals("mp3", d.formatName());
        assertEquals(44100, d.sampleRateHz());
        assertEquals(2, d.channels());
        assertEquals(0, d.bitsPerSample());
        assertEquals(1000, d.durationMillis());
        float[] y = d.audio().samples();
        assertEquals(16000, y.length, "gapless: exactly the source's 1 s");
        assertTonesMatchSource(y, 2, "mp3 stereo");
    }

    /**
     * At 8 kHz and 16 kbit/s a frame is too small for a LAME tag, so nothing says how long the encoder's delay and
     * padding are: all 16 frames of 576 samples come out (the source's 1 s plus 152 ms), with the tone at its level.
     */
    @Test
    void mp3MonoMpeg25At8kWithoutLameTag() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("mono-8000.mp3"), "audio/mp3");
        assertEquals(8000, d.sampleRateHz());
        assertEquals(1, d.channels());
        assertEquals(1152, d.durationMillis());
        float[] y = d.audio().samples();
        assertEquals(18432, y.length);
        double a440 = Fixtures.amplitude(y, 3200, 16000, 440, 16000);
        assertEquals(0, Fixtures.db(a440 / 0.5), 1.0, "mp3 8 kHz (no LAME tag): 440 Hz level");
    }

    @Test
    void mp3MonoMpeg2At22050() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("mono-22050.mp3"), "");
        assertEquals(22050, d.sampleRateHz());
        assertEquals(500, d.durationMillis());
        assertEquals(8000, d.audio().samples().length);
        assertTonesMatchSource(d.audio().samples(), 1, "mp3 22.05 kHz");
    }

    @Test
    void oggVorbisStereo() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("stereo-44100.ogg"), "audio/ogg");
        assertEquals("ogg", d.formatName());
        assertEquals(44100, d.sampleRateHz());
        assertEquals(2, d.channels());
        assertEquals(0, d.bitsPerSample());
        assertEquals(1000, d.durationMillis());
        assertEquals(16000, d.audio().samples().length);
        assertTonesMatchSource(d.audio().samples(), 2, "ogg stereo");
    }

    @Test
    void oggVorbisMono16k() throws Exception {
        DecodedAudio d = decoder.decode(Fixtures.resource("mono-16000.ogg"), "audio/ogg");
        assertEquals(16000, d.sampleRateHz());
        assertEquals(1, d.channels());
        assertEquals(16000, d.audio().samples().length);
        assertTonesMatchSource(d.audio().samples(), 1, "ogg mono");
    }

    /** The decoded 16 kHz mix has the source's tones at their level and little else, in time with the source. */
    private static void assertTonesMatchSource(float[] y, int channels, String what) {
        int from = 1600;
        int to = y.length - 1600;
        double a440 = Fixtures.amplitude(y, from, to, 440, 16000);
        double expected440 = channels == 2 ? 0.25 : 0.5;
        assertEquals(0, Fixtures.db(a440 / expected440), 1.0, what + " 440 Hz level");
        if (channels == 2) {
            double a1000 = Fixtures.amplitude(y, from, to, 1000, 16000);
            assertEquals(0, Fixtures.db(a1000 / 0.15), 1.0, what + " 1000 Hz level");
        }
        // In time with the source: the residual after subtracting the ideal mix is far below the signal.
        double err = 0;
        double sig = 0;
        for (int k = from; k < to; k++) {
            double t = k / 16000.0;
            double ideal = channels == 2
                    ? 0.25 * Math.sin(2 * Math.PI * 440 * t) + 0.15 * Math.sin(2 * Math.PI * 1000 * t)
                    : 0.5 * Math.sin(2 * Math.PI * 440 * t);
            err += (y[k] - ideal) * (y[k] - ideal);
            sig += ideal * ideal;
        }
        double snr = 10 * Math.log10(sig / err);
        assertTrue(snr > 15, what + ": output aligned with the source, SNR " + snr);
    }
}
