package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.testing.ConfigMappings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure-Java parts of the PocketSphinx recogniser: word clean-up, PCM conversion, configuration. */
class PocketSphinxPartsTest {

    @Test
    void keepsDictionaryWordsOnly() {
        assertEquals("report", SphinxDecoder.cleanWord("report"));
        assertEquals("read", SphinxDecoder.cleanWord("read(2)"));
        assertEquals("let's", SphinxDecoder.cleanWord("let's"));
        assertEquals("a.m.", SphinxDecoder.cleanWord("a.m."));
        for (String filler : new String[] {"<s>", "</s>", "<sil>", "[NOISE]", "[BREATH]", "++UM++", "", " ", null}) {
            assertNull(SphinxDecoder.cleanWord(filler), filler);
        }
    }

    @Test
    void convertsToPcm16WithClipping() {
        float[] in = {
            0f, 1f, -1f, 0.5f, -0.5f, 2f, -2f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-6f
        };
        short[] out = new short[in.length + 2];
        Pcm16.convert(in, 0, out, 1, in.length);
        assertArrayEquals(new short[] {0, 0, 32767, -32767, 16384, -16383, 32767, -32768, 0, 32767, -32768, 0, 0}, out);
    }

    @Test
    void configDefaultsAreTheDebianPaths() {
        PocketSphinxConfig d = PocketSphinxConfig.defaults();
        assertEquals(Path.of("/usr/share/pocketsphinx/model/en-us/en-us"), d.hmm());
        assertEquals(Path.of("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"), d.lm());
        assertEquals(Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"), d.dict());
        assertEquals(List.of("libpocketsphinx.so.3", "pocketsphinx"), d.libraries());
        assertEquals(2, d.poolSize());
        assertEquals(100, d.frameRate());
        assertEquals(
                List.of(
                        "crossmodal-audio",
                        "-hmm",
                        d.hmm().toString(),
                        "-lm",
                        d.lm().toString(),
                        "-dict",
                        d.dict().toString(),
                        "-remove_silence",
                        "no"),
                List.of(d.argv()));
    }

    @Test
    void configReadsKeys() {
        Map<String, String> keys = Map.of(
                "crossmodal.audio.asr.library", "/opt/ps/libpocketsphinx.so.3, pocketsphinx",
                "crossmodal.audio.asr.hmm", "/m/hmm",
                "crossmodal.audio.asr.lm", "/m/lm.bin",
                "crossmodal.audio.asr.dict", "/m/words.dict",
                "crossmodal.audio.asr.decoder-args", "-beam 1e-60  -remove_silence yes -frate 50",
                "crossmodal.audio.asr.pool-size", "3",
                "crossmodal.audio.asr.acquire-timeout-ms", "250",
                "crossmodal.audio.asr.native-log", "/tmp/ps.log",
                "crossmodal.audio.asr.languages", "en, en-GB");
        PocketSphinxConfig c =
                ConfigMappings.read(AudioServiceConfig.class, keys).asr().toPocketSphinxConfig();
        assertEquals(List.of("/opt/ps/libpocketsphinx.so.3", "pocketsphinx"), c.libraries());
        assertEquals(Path.of("/m/hmm"), c.hmm());
        assertEquals(3, c.poolSize());
        assertEquals(Duration.ofMillis(250), c.acquireTimeout());
        assertEquals(Optional.of(Path.of("/tmp/ps.log")), c.nativeLog());
        assertEquals(List.of("en", "en-GB"), c.languages());
        assertEquals(50, c.frameRate());
        // the caller's -remove_silence wins over the recogniser's default
        assertEquals(
                List.of(
                        "crossmodal-audio",
                        "-hmm",
                        "/m/hmm",
                        "-lm",
                        "/m/lm.bin",
                        "-dict",
                        "/m/words.dict",
                        "-beam",
                        "1e-60",
                        "-remove_silence",
                        "yes",
                        "-frate",
                        "50"),
                List.of(c.argv()));
        assertEquals(
                PocketSphinxConfig.defaults(),
                ConfigMappings.read(AudioServiceConfig.class, Map.of()).asr().toPocketSphinxConfig());
    }

    @Test
    void configRejectsNonsense() {
        PocketSphinxConfig d = PocketSphinxConfig.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withPool(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withPool(1, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> d.withDecoderArgs(List.of("-hmm", "/x")));
        assertThrows(IllegalArgumentException.class, () -> d.withDecoderArgs(List.of("-beam")));
        assertThrows(IllegalArgumentException.class, () -> d.withLibraries(List.of()));
    }
}
