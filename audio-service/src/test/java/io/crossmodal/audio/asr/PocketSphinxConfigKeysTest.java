package io.crossmodal.audio.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.testing.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code crossmodal.audio.asr.*} as the service reads them: through {@link AudioServiceConfig.Asr}, converted and
 * validated as Quarkus does at start-up (PocketSphinxPartsTest covers the happy path too).
 */
class PocketSphinxConfigKeysTest {

    private static final String PREFIX = "crossmodal.audio.asr.";

    private static PocketSphinxConfig read(Map<String, String> keys) {
        return ConfigMappings.read(AudioServiceConfig.class, keys).asr().toPocketSphinxConfig();
    }

    /** The start-up failure of one bad key, which must name that key and no other. */
    private static String bad(String key, String value) {
        ConfigValidationException e = ConfigMappings.refused(AudioServiceConfig.class, Map.of(PREFIX + key, value));
        assertEquals(Set.of(PREFIX + key), badKeys(e), e.getMessage());
        return e.getMessage();
    }

    /** The keys a refused start names, one per problem (a list element's index dropped). */
    static Set<String> badKeys(ConfigValidationException e) {
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            String m = e.getProblem(i).getMessage();
            java.util.regex.Matcher key = java.util.regex.Pattern.compile("(crossmodal\\.[a-z0-9.-]+)")
                    .matcher(m);
            assertTrue(key.find(), m);
            keys.add(key.group(1).replaceAll("\\.$", ""));
        }
        return keys;
    }

    @Test
    void noKeysAndEmptyOptionalKeysGiveTheDefaults() {
        assertEquals(PocketSphinxConfig.defaults(), read(Map.of()));
        assertEquals(
                PocketSphinxConfig.defaults(), read(Map.of(PREFIX + "native-log", "", PREFIX + "decoder-args", " ")));
        PocketSphinxConfig d = PocketSphinxConfig.defaults();
        assertEquals(2, d.poolSize());
        assertEquals(Duration.ofSeconds(2), d.acquireTimeout());
        assertEquals(Optional.empty(), d.nativeLog());
    }

    @Test
    void anEmptyValueOfAKeyWithADefaultIsRefusedNotIgnored() {
        // as everywhere in Quarkus: an empty value is no value, and these keys need one (their default is only
        // used when the key is absent)
        assertTrue(bad("pool-size", " ").contains("crossmodal.audio.asr.pool-size"));
    }

    @Test
    void goodValues() {
        PocketSphinxConfig c = read(Map.of(
                PREFIX + "pool-size", "1",
                PREFIX + "acquire-timeout-ms", "0",
                PREFIX + "decoder-args", " -beam 1e-60 -frate 100 ",
                PREFIX + "name", "ps",
                PREFIX + "version", "v9",
                PREFIX + "dict", "/m/d.dict"));
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
        assertTrue(bad("pool-size", "0").contains("crossmodal.audio.asr.pool-size must be greater than or equal to 1"));
        String two = bad("pool-size", "two");
        assertTrue(two.contains("crossmodal.audio.asr.pool-size") && two.contains("\"two\""), two);
        assertTrue(bad("acquire-timeout-ms", "-1")
                .contains("crossmodal.audio.asr.acquire-timeout-ms must be greater than or equal to 0"));
        assertTrue(bad("acquire-timeout-ms", "2s").contains("crossmodal.audio.asr.acquire-timeout-ms"));
        assertTrue(bad("decoder-args", "-beam").contains("name/value pairs"));
        assertTrue(bad("decoder-args", "beam 1e-60").contains("'beam' is not an argument name"));
        assertTrue(bad("decoder-args", "-hmm /x").contains("-hmm is set by its own key (crossmodal.audio.asr.hmm)"));
        assertTrue(bad("decoder-args", "-frate fast").contains("-frate 'fast' is not valid"));
        // the problem quotes the value verbatim, even what a message template would interpret
        assertTrue(bad("decoder-args", "{groups} 1").contains("'{groups}' is not an argument name"));
        assertTrue(bad("library", " , ").contains("crossmodal.audio.asr.library"));
        assertTrue(bad("native-log", "a\0b").contains("crossmodal.audio.asr.native-log"));
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        // values that do not convert are reported together...
        assertEquals(
                Set.of(PREFIX + "pool-size", PREFIX + "acquire-timeout-ms"),
                badKeys(ConfigMappings.refused(
                        AudioServiceConfig.class,
                        Map.of(
                                PREFIX + "pool-size", "many",
                                PREFIX + "acquire-timeout-ms", "soon"))));
        // ... and, once all convert, values out of range
        assertEquals(
                Set.of(PREFIX + "pool-size", PREFIX + "acquire-timeout-ms", PREFIX + "decoder-args"),
                badKeys(ConfigMappings.refused(
                        AudioServiceConfig.class,
                        Map.of(
                                PREFIX + "pool-size", "-3",
                                PREFIX + "acquire-timeout-ms", "-1",
                                PREFIX + "decoder-args", "-lm /x"))));
    }
}
