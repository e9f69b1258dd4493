package io.crossmodal.audio.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.asr.PocketSphinxConfig;
import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.audio.tts.SynthesisSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** The service reads crossmodal.audio.asr.* and crossmodal.audio.tts.* from MicroProfile Config when it starts. */
class AudioModelsSettingsTest {

    private static Config config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    /** The service's own settings at their defaults. */
    private static final AudioServiceConfig SERVICE = new AudioServiceConfig() {
        @Override public String modelRepository() { return "model-repository"; }
        @Override public String vadModel() { return "silero-vad"; }
        @Override public String embeddingModel() { return "openwakeword-embedding"; }
        @Override public long maxAudioBytes() { return 33554432; }
        @Override public Duration maxAudioDuration() { return Duration.ofSeconds(600); }
        @Override public Duration decodeTimeout() { return Duration.ofSeconds(10); }
        @Override public int decodeThreads() { return 2; }
        @Override public int maxClipsPerCall() { return 16; }
        @Override public boolean warmUp() { return true; }
    };

    @Test
    void withoutKeysTheDefaultsAreUsed() {
        AudioModels models = new AudioModels(SERVICE, new SimpleMeterRegistry(), config(Map.of()));
        try {
            assertEquals(PocketSphinxConfig.defaults(), models.recognizerConfig());
            assertEquals(SynthesisSettings.defaults(), models.synthesisSettings());
        } finally {
            models.close(null);
        }
    }

    @Test
    void keysAreReadFromTheConfiguration() {
        AudioModels models = new AudioModels(SERVICE, new SimpleMeterRegistry(), config(Map.of(
                "crossmodal.audio.asr.pool-size", "3",
                "crossmodal.audio.asr.acquire-timeout-ms", "500",
                "crossmodal.audio.tts.max-concurrent", "4",
                "crossmodal.audio.tts.queue-timeout", "1s",
                "crossmodal.audio.tts.espeak.enabled", "false")));
        try {
            assertEquals(3, models.recognizerConfig().poolSize());
            assertEquals(Duration.ofMillis(500), models.recognizerConfig().acquireTimeout());
            assertEquals(4, models.synthesisSettings().limits().maxConcurrent());
            assertEquals(Duration.ofSeconds(1), models.synthesisSettings().limits().queueTimeout());
            assertEquals(false, models.synthesisSettings().espeakEnabled());
        } finally {
            models.close(null);
        }
    }

    @Test
    void badValuesStopTheStartWithEveryBadKeyNamed() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new AudioModels(SERVICE,
                new SimpleMeterRegistry(), config(Map.of(
                        "crossmodal.audio.asr.pool-size", "0",
                        "crossmodal.audio.tts.timeout", "soon",
                        "crossmodal.audio.tts.max-concurrent", "-2"))));
        assertEquals(Set.of("crossmodal.audio.asr.pool-size", "crossmodal.audio.tts.timeout",
                "crossmodal.audio.tts.max-concurrent"), e.getConfigKeys());
        String m = e.getMessage();
        assertTrue(m.contains("crossmodal.audio.asr.pool-size: '0' is not valid, expected at least 1"), m);
        assertTrue(m.contains("crossmodal.audio.tts.timeout: 'soon' is not valid, expected a positive duration"), m);
        assertTrue(m.contains("crossmodal.audio.tts.max-concurrent: '-2' is not valid, expected at least 1"), m);
    }
}
