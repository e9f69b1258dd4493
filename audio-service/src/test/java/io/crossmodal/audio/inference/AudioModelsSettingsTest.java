package io.crossmodal.audio.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.audio.tts.SynthesisLimits;
import io.crossmodal.audio.tts.SynthesisSettings;
import io.crossmodal.testing.ConfigMappings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.ConfigValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The service reads crossmodal.audio.asr.* and crossmodal.audio.tts.* through its config mapping when it starts,
 * converted and validated as Quarkus does, with unknown keys refused.
 */
class AudioModelsSettingsTest {

    private static AudioModels models(Map<String, String> values) {
        return new AudioModels(ConfigMappings.read(AudioServiceConfig.class, values), new SimpleMeterRegistry());
    }

    /** Every key, with a value other than its default. */
    private static Map<String, String> everyKey() {
        Map<String, String> keys = new HashMap<>();
        keys.put("crossmodal.audio.asr.library", "/opt/ps/libpocketsphinx.so.3");
        keys.put("crossmodal.audio.asr.hmm", "/m/hmm");
        keys.put("crossmodal.audio.asr.lm", "/m/lm.bin");
        keys.put("crossmodal.audio.asr.dict", "/m/words.dict");
        keys.put("crossmodal.audio.asr.decoder-args", "-beam 1e-60");
        keys.put("crossmodal.audio.asr.pool-size", "3");
        keys.put("crossmodal.audio.asr.acquire-timeout-ms", "500");
        keys.put("crossmodal.audio.asr.native-log", "/tmp/ps.log");
        keys.put("crossmodal.audio.asr.name", "ps");
        keys.put("crossmodal.audio.asr.version", "v1");
        keys.put("crossmodal.audio.asr.languages", "en,en-GB");
        keys.put("crossmodal.audio.tts.max-text-chars", "500");
        keys.put("crossmodal.audio.tts.timeout", "45s");
        keys.put("crossmodal.audio.tts.max-output-bytes", "1048576");
        keys.put("crossmodal.audio.tts.max-concurrent", "4");
        keys.put("crossmodal.audio.tts.queue-timeout", "1s");
        keys.put("crossmodal.audio.tts.temp-dir", "/var/tmp/tts");
        keys.put("crossmodal.audio.tts.festival.enabled", "false");
        keys.put("crossmodal.audio.tts.festival.program", "/opt/bin/text2wave");
        keys.put("crossmodal.audio.tts.festival.voices-dir", "/opt/voices");
        keys.put("crossmodal.audio.tts.festival.default-voice", "kal_diphone");
        keys.put("crossmodal.audio.tts.espeak.enabled", "false");
        keys.put("crossmodal.audio.tts.espeak.program", "/opt/bin/espeak-ng");
        return keys;
    }

    /** The keys named by the problems of a refused start. */
    private static Set<String> named(ConfigValidationException e, String... keys) {
        Set<String> named = new TreeSet<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            for (String key : keys) {
                if (e.getProblem(i).getMessage().contains(key + " ")) {
                    named.add(key);
                }
            }
        }
        return named;
    }

    @Test
    void withoutKeysTheDefaultsAreUsed() {
        AudioModels models = models(Map.of());
        try {
            assertEquals(PocketSphinxConfig.defaults(), models.recognizerConfig());
            assertEquals(SynthesisSettings.defaults(), models.synthesisSettings());
        } finally {
            models.close(null);
        }
    }

    @Test
    void everyKeyIsDeclaredInTheMappingAndRead() {
        AudioModels models = models(everyKey());
        try {
            PocketSphinxConfig asr = models.recognizerConfig();
            assertEquals(
                    new PocketSphinxConfig(
                            List.of("/opt/ps/libpocketsphinx.so.3"),
                            Path.of("/m/hmm"),
                            Path.of("/m/lm.bin"),
                            Path.of("/m/words.dict"),
                            List.of("-beam", "1e-60"),
                            3,
                            Duration.ofMillis(500),
                            Optional.of(Path.of("/tmp/ps.log")),
                            "ps",
                            "v1",
                            List.of("en", "en-GB")),
                    asr);
            assertEquals(3, asr.poolSize());
            assertEquals(Duration.ofMillis(500), asr.acquireTimeout());
            assertEquals(Optional.of(Path.of("/tmp/ps.log")), asr.nativeLog());
            SynthesisSettings tts = models.synthesisSettings();
            assertEquals(
                    new SynthesisSettings(
                            new SynthesisLimits(500, Duration.ofSeconds(45), 1048576L, 4, Duration.ofSeconds(1)),
                            Path.of("/var/tmp/tts"),
                            false,
                            "/opt/bin/text2wave",
                            Path.of("/opt/voices"),
                            "kal_diphone",
                            false,
                            "/opt/bin/espeak-ng"),
                    tts);
            assertEquals(4, tts.limits().maxConcurrent());
            assertEquals(Duration.ofSeconds(1), tts.limits().queueTimeout());
            assertEquals(Duration.ofSeconds(45), tts.limits().timeout());
            assertFalse(tts.festivalEnabled());
            assertEquals("kal_diphone", tts.festivalDefaultVoice());
        } finally {
            models.close(null);
        }
    }

    @Test
    void aMisspeltKeyIsRefusedByTheMapping() {
        RuntimeException e = assertThrows(
                RuntimeException.class,
                () -> ConfigMappings.read(AudioServiceConfig.class, Map.of("crossmodal.audio.tts.max-concurent", "3")));
        assertTrue(String.valueOf(e.getMessage()).contains("crossmodal.audio.tts.max-concurent"), e.getMessage());
    }

    @Test
    void badValuesStopTheStartWithEveryBadKeyNamed() {
        String[] keys = {
            "crossmodal.audio.asr.pool-size", "crossmodal.audio.tts.timeout", "crossmodal.audio.tts.max-concurrent"
        };
        ConfigValidationException outOfRange = ConfigMappings.refused(
                AudioServiceConfig.class,
                Map.of(
                        keys[0], "0",
                        keys[1], "-5s",
                        keys[2], "-2"));
        assertEquals(Set.of(keys), named(outOfRange, keys), outOfRange.getMessage());
        String m = outOfRange.getMessage();
        assertTrue(m.contains("crossmodal.audio.asr.pool-size must be greater than or equal to 1"), m);
        assertTrue(m.contains("crossmodal.audio.tts.timeout must be longer than 0"), m);
        assertTrue(m.contains("crossmodal.audio.tts.max-concurrent must be greater than or equal to 1"), m);

        ConfigValidationException unreadable = ConfigMappings.refused(
                AudioServiceConfig.class,
                Map.of(
                        keys[0], "zero",
                        keys[1], "soon",
                        keys[2], "two"));
        assertEquals(Set.of(keys), named(unreadable, keys), unreadable.getMessage());
        assertTrue(unreadable.getMessage().contains("\"soon\""), unreadable.getMessage());
    }

    @Test
    void theDecoderLimitsAreCheckedAsConfiguration() {
        // AudioLimits would refuse these too, but only later and without the key
        String[] keys = {
            "crossmodal.audio.max-audio-bytes", "crossmodal.audio.max-audio-duration", "crossmodal.audio.decode-timeout"
        };
        ConfigValidationException e = ConfigMappings.refused(
                AudioServiceConfig.class,
                Map.of(
                        keys[0], "2147483648",
                        keys[1], "134218s",
                        keys[2], "0s"));
        assertEquals(Set.of(keys), named(e, keys), e.getMessage());
        // the ceiling in the annotation is AudioLimits'
        assertEquals(io.crossmodal.audio.decode.AudioLimits.MAX_DURATION_CEILING, Duration.ofSeconds(134_217));
        models(Map.of(
                        "crossmodal.audio.max-audio-duration",
                        "134217s",
                        "crossmodal.audio.max-audio-bytes",
                        "2147483647"))
                .close(null);
    }
}
