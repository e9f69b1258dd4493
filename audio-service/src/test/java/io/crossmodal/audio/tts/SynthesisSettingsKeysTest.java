package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.config.AudioServiceConfig;
import io.crossmodal.testing.ConfigMappings;
import io.smallrye.config.ConfigValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code crossmodal.audio.tts.*}: one key per field of SynthesisSettings and SynthesisLimits, read through
 * {@link AudioServiceConfig.Tts} and validated as Quarkus does at start-up.
 */
class SynthesisSettingsKeysTest {

    private static final String PREFIX = "crossmodal.audio.tts.";

    private static SynthesisSettings read(Map<String, String> keys) {
        return ConfigMappings.read(AudioServiceConfig.class, keys).tts().toSynthesisSettings();
    }

    /** The start-up failure of one bad key, which must name that key, once. */
    private static String bad(String key, String value) {
        ConfigValidationException e = ConfigMappings.refused(AudioServiceConfig.class, Map.of(PREFIX + key, value));
        assertEquals(1, e.getProblemCount(), e.getMessage());
        assertTrue(e.getProblem(0).getMessage().contains(PREFIX + key), e.getMessage());
        return e.getMessage();
    }

    @Test
    void noKeysGiveTheDefaultsWhichAreUnchanged() {
        SynthesisSettings d = read(Map.of());
        assertEquals(SynthesisSettings.defaults(), d);
        assertEquals(
                new SynthesisLimits(2000, Duration.ofSeconds(30), 41943040L, 2, Duration.ofSeconds(5)), d.limits());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), d.tempDir());
        assertTrue(d.festivalEnabled());
        assertEquals("text2wave", d.festivalProgram());
        assertEquals(Path.of("/usr/share/festival/voices"), d.festivalVoicesDir());
        assertEquals("cmu_us_slt_arctic_hts", d.festivalDefaultVoice());
        assertTrue(d.espeakEnabled());
        assertEquals("espeak-ng", d.espeakProgram());
    }

    @Test
    void everyKeyIsRead() {
        Map<String, String> keys = new HashMap<>();
        keys.put(PREFIX + "max-text-chars", "500");
        keys.put(PREFIX + "timeout", "45s");
        keys.put(PREFIX + "max-output-bytes", "1048576");
        keys.put(PREFIX + "max-concurrent", "4");
        keys.put(PREFIX + "queue-timeout", "0");
        keys.put(PREFIX + "temp-dir", "/var/tmp/tts");
        keys.put(PREFIX + "festival.enabled", "false");
        keys.put(PREFIX + "festival.program", "/opt/festival/bin/text2wave");
        keys.put(PREFIX + "festival.voices-dir", "/opt/festival/voices");
        keys.put(PREFIX + "festival.default-voice", "kal_diphone");
        keys.put(PREFIX + "espeak.enabled", "TRUE");
        keys.put(PREFIX + "espeak.program", "/usr/local/bin/espeak-ng");
        SynthesisSettings s = read(keys);
        assertEquals(new SynthesisLimits(500, Duration.ofSeconds(45), 1048576L, 4, Duration.ZERO), s.limits());
        assertEquals(
                new SynthesisSettings(
                        s.limits(),
                        Path.of("/var/tmp/tts"),
                        false,
                        "/opt/festival/bin/text2wave",
                        Path.of("/opt/festival/voices"),
                        "kal_diphone",
                        true,
                        "/usr/local/bin/espeak-ng"),
                s);
        assertEquals(
                Duration.ofMillis(1500),
                read(Map.of(PREFIX + "queue-timeout", "1500ms")).limits().queueTimeout());
        assertEquals(
                Duration.ofSeconds(30),
                read(Map.of(PREFIX + "timeout", "PT30S")).limits().timeout());
        assertEquals(
                SynthesisLimits.OUTPUT_CEILING,
                read(Map.of(PREFIX + "max-output-bytes", String.valueOf(SynthesisLimits.OUTPUT_CEILING)))
                        .limits()
                        .maxOutputBytes());
        assertFalse(read(Map.of(PREFIX + "espeak.enabled", "false")).espeakEnabled());
    }

    @Test
    void badValuesNameTheirKeyAndWhatWasExpected() {
        assertTrue(
                bad("max-text-chars", "0")
                        .contains("crossmodal.audio.tts.max-text-chars must be greater than or " + "equal to 1"),
                "max-text-chars");
        assertTrue(bad("max-text-chars", "lots").contains("Expected an integer value, got \"lots\""));
        assertTrue(bad("timeout", "0s").contains("crossmodal.audio.tts.timeout must be longer than 0"));
        assertTrue(bad("timeout", "-5s").contains("crossmodal.audio.tts.timeout"));
        assertTrue(bad("timeout", "30 seconds").contains("crossmodal.audio.tts.timeout"));
        assertTrue(bad("queue-timeout", "-1").contains("must be longer than or equal to 0"));
        assertTrue(bad("max-output-bytes", "0").contains("must be greater than or equal to 1"));
        assertTrue(bad("max-output-bytes", "536870913").contains("must be less than or equal to 536870912"));
        assertTrue(bad("max-output-bytes", "40MiB").contains("\"40MiB\""));
        assertTrue(bad("max-concurrent", "0").contains("crossmodal.audio.tts.max-concurrent must be greater"));
        assertTrue(bad("festival.enabled", "yes").contains("'yes' is not valid, expected true or false"));
        assertTrue(bad("espeak.enabled", "1").contains("crossmodal.audio.tts.espeak.enabled"));
        assertTrue(bad("festival.default-voice", "(voice_kal)").contains("must be a Festival voice name"));
        assertTrue(bad("temp-dir", "a\0b").contains("crossmodal.audio.tts.temp-dir"));
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        ConfigValidationException e = ConfigMappings.refused(
                AudioServiceConfig.class,
                Map.of(
                        PREFIX + "max-concurrent", "none",
                        PREFIX + "timeout", "never",
                        PREFIX + "festival.enabled", "maybe"));
        Set<String> named = new TreeSet<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            for (String key : Set.of("max-concurrent", "timeout", "festival.enabled")) {
                if (e.getProblem(i).getMessage().contains(PREFIX + key + " ")) {
                    named.add(key);
                }
            }
        }
        assertEquals(Set.of("max-concurrent", "timeout", "festival.enabled"), named, e.getMessage());
        assertTrue(e.getMessage().contains("\"never\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"none\""), e.getMessage());
    }
}
