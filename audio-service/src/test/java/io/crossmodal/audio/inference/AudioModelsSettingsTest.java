package io.crossmodal.audio.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.audio.tts.SynthesisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The service reads crossmodal.audio.asr.* and crossmodal.audio.tts.* from MicroProfile Config when it starts, with
 * the service's config mapping registered and unknown keys refused, as Quarkus does.
 */
class AudioModelsSettingsTest {

    private static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "10s"
                .withMapping(AudioServiceConfig.class)
                .withValidateUnknown(true)
                .build();
    }

    private static AudioModels models(SmallRyeConfig config) {
        return new AudioModels(config.getConfigMapping(AudioServiceConfig.class), new SimpleMeterRegistry(), config);
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

    @Test
    void withoutKeysTheDefaultsAreUsed() {
        AudioModels models = models(config(Map.of()));
        try {
            assertEquals(PocketSphinxConfig.defaults(), models.recognizerConfig());
            assertEquals(SynthesisSettings.defaults(), models.synthesisSettings());
        } finally {
            models.close(null);
        }
    }

    @Test
    void everyKeyIsDeclaredInTheMappingAndRead() {
        Map<String, String> keys = everyKey();
        AudioModels models = models(config(keys));
        try {
            PocketSphinxConfig asr = models.recognizerConfig();
            assertEquals(PocketSphinxConfig.fromConfig(k -> Optional.ofNullable(keys.get(k))), asr);
            assertEquals(3, asr.poolSize());
            assertEquals(Duration.ofMillis(500), asr.acquireTimeout());
            assertEquals(Optional.of(Path.of("/tmp/ps.log")), asr.nativeLog());
            SynthesisSettings tts = models.synthesisSettings();
            assertEquals(SynthesisSettings.fromConfig(k -> Optional.ofNullable(keys.get(k))), tts);
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
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> config(Map.of("crossmodal.audio.tts.max-concurent", "3")));
        assertTrue(String.valueOf(e.getMessage()).contains("crossmodal.audio.tts.max-concurent"), e.getMessage());
    }

    @Test
    void badValuesStopTheStartWithEveryBadKeyNamed() {
        SmallRyeConfig config = config(Map.of(
                "crossmodal.audio.asr.pool-size", "0",
                "crossmodal.audio.tts.timeout", "soon",
                "crossmodal.audio.tts.max-concurrent", "-2"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> models(config));
        assertEquals(Set.of("crossmodal.audio.asr.pool-size", "crossmodal.audio.tts.timeout",
                "crossmodal.audio.tts.max-concurrent"), e.getConfigKeys());
        String m = e.getMessage();
        assertTrue(m.contains("crossmodal.audio.asr.pool-size: '0' is not valid, expected at least 1"), m);
        assertTrue(m.contains("crossmodal.audio.tts.timeout: 'soon' is not valid, expected a positive duration"), m);
        assertTrue(m.contains("crossmodal.audio.tts.max-concurrent: '-2' is not valid, expected at least 1"), m);
    }
}
