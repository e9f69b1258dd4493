package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.config.InvalidSettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code crossmodal.audio.asr.*} as the service reads them (PocketSphinxPartsTest covers the happy path too). */
class PocketSphinxConfigKeysTest {

    private static PocketSphinxConfig read(Map<String, String> keys) {
        return PocketSphinxConfig.fromConfig(k -> Optional.ofNullable(keys.get(k)));
    }

    private static InvalidSettingsException bad(String key, String value) {
        return assertThrows(InvalidSettingsException.class, () -> read(Map.of("crossmodal.audio.asr." + key, value)),
                key + "=" + value);
    }

    @Test
    void noKeysAndBlankKeysGiveTheDefaults() {
        assertEquals(PocketSphinxConfig.defaults(), read(Map.of()));
        assertEquals(PocketSphinxConfig.defaults(), read(Map.of("crossmodal.audio.asr.pool-size", " ",
                "crossmodal.audio.asr.native-log", "", "crossmodal.audio.asr.decoder-args", " ")));
        PocketSphinxConfig d = PocketSphinxConfig.defaults();
        assertEquals(2, d.poolSize());
        assertEquals(Duration.ofSeconds(2), d.acquireTimeout());
        assertEquals(Optional.empty(), d.nativeLog());
    }

    @Test
    void goodValues() {
        PocketSphinxConfig c = read(Map.of(
                "crossmodal.audio.asr.pool-size", "1",
                "crossmodal.audio.asr.acquire-timeout-ms", "0",
                "crossmodal.audio.asr.decoder-args", " -beam 1e-60 -frate 100 ",
                "crossmodal.audio.asr.name", "ps",
                "crossmodal.audio.asr.version", "v9",
                "crossmodal.audio.asr.dict", "/m/d.dict"));
        assertEquals(1, c.poolSize());
        assertEquals(Duration.ZERO, c.acquireTimeout());
        assertEquals(List.of("-beam", "1e-60", "-frate", "100"), c.decoderArgs());
        assertEquals(100, c.frameRate());
        assertEquals("ps", c.name());
        assertEquals("v9", c.version());
        assertEquals(Path.of("/m/d.dict"), c.dict());
        assertEquals(PocketSphinxConfig.DEFAULT_HMM, c.hmm());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(bad("pool-size", "0").getMessage()
                .contains("crossmodal.audio.asr.pool-size: '0' is not valid, expected at least 1"));
        assertTrue(bad("pool-size", "two").getMessage()
                .contains("crossmodal.audio.asr.pool-size: 'two' is not valid, expected an integer"));
        assertTrue(bad("acquire-timeout-ms", "-1").getMessage()
                .contains("crossmodal.audio.asr.acquire-timeout-ms: '-1' is not valid, expected at least 0"));
        assertTrue(bad("acquire-timeout-ms", "2s").getMessage().contains("crossmodal.audio.asr.acquire-timeout-ms"));
        assertTrue(bad("decoder-args", "-beam").getMessage().contains("name/value pairs"));
        assertTrue(bad("decoder-args", "beam 1e-60").getMessage().contains("'beam' is not an argument name"));
        assertTrue(bad("decoder-args", "-hmm /x").getMessage()
                .contains("-hmm is set by its own key (crossmodal.audio.asr.hmm)"));
        assertTrue(bad("decoder-args", "-frate fast").getMessage().contains("-frate 'fast' is not valid"));
        assertTrue(bad("library", " , ").getMessage().contains("crossmodal.audio.asr.library: no library name"));
        assertEquals(Set.of("crossmodal.audio.asr.native-log"), bad("native-log", "a\0b").keys());
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> read(Map.of(
                "crossmodal.audio.asr.pool-size", "-3",
                "crossmodal.audio.asr.acquire-timeout-ms", "soon")));
        assertEquals(Set.of("crossmodal.audio.asr.pool-size", "crossmodal.audio.asr.acquire-timeout-ms"), e.keys());
    }
}
