package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.config.InvalidSettingsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code crossmodal.audio.tts.*}: one key per field of SynthesisSettings and SynthesisLimits. */
class SynthesisSettingsKeysTest {

    private static SynthesisSettings read(Map<String, String> keys) {
        return SynthesisSettings.fromConfig(k -> Optional.ofNullable(keys.get(k)));
    }

    private static String bad(String key, String value) {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class,
                () -> read(Map.of("crossmodal.audio.tts." + key, value)), key + "=" + value);
        assertEquals(Set.of("crossmodal.audio.tts." + key), e.keys());
        return e.getMessage();
    }

    @Test
    void noKeysGiveTheDefaultsWhichAreUnchanged() {
        SynthesisSettings d = read(Map.of());
        assertEquals(SynthesisSettings.defaults(), d);
        assertEquals(new SynthesisLimits(2000, Duration.ofSeconds(30), 41943040L, 2, Duration.ofSeconds(5)),
                d.limits());
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
        keys.put("crossmodal.audio.tts.max-text-chars", "500");
        keys.put("crossmodal.audio.tts.timeout", "45s");
        keys.put("crossmodal.audio.tts.max-output-bytes", "1048576");
        keys.put("crossmodal.audio.tts.max-concurrent", "4");
        keys.put("crossmodal.audio.tts.queue-timeout", "0");
        keys.put("crossmodal.audio.tts.temp-dir", "/var/tmp/tts");
        keys.put("crossmodal.audio.tts.festival.enabled", "false");
        keys.put("crossmodal.audio.tts.festival.program", "/opt/festival/bin/text2wave");
        keys.put("crossmodal.audio.tts.festival.voices-dir", "/opt/festival/voices");
        keys.put("crossmodal.audio.tts.festival.default-voice", "kal_diphone");
        keys.put("crossmodal.audio.tts.espeak.enabled", "TRUE");
        keys.put("crossmodal.audio.tts.espeak.program", "/usr/local/bin/espeak-ng");
        SynthesisSettings s = read(keys);
        assertEquals(new SynthesisLimits(500, Duration.ofSeconds(45), 1048576L, 4, Duration.ZERO), s.limits());
        assertEquals(new SynthesisSettings(s.limits(), Path.of("/var/tmp/tts"), false, "/opt/festival/bin/text2wave",
                Path.of("/opt/festival/voices"), "kal_diphone", true, "/usr/local/bin/espeak-ng"), s);
        assertEquals(Duration.ofMillis(1500), read(Map.of("crossmodal.audio.tts.queue-timeout", "1500ms"))
                .limits().queueTimeout());
        assertEquals(Duration.ofSeconds(30), read(Map.of("crossmodal.audio.tts.timeout", "PT30S")).limits().timeout());
        assertEquals(SynthesisLimits.OUTPUT_CEILING, read(Map.of("crossmodal.audio.tts.max-output-bytes",
                String.valueOf(SynthesisLimits.OUTPUT_CEILING))).limits().maxOutputBytes());
        assertFalse(read(Map.of("crossmodal.audio.tts.espeak.enabled", "false")).espeakEnabled());
    }

    @Test
    void badValuesNameTheirKeyAndWhatWasExpected() {
        assertTrue(bad("max-text-chars", "0").contains("crossmodal.audio.tts.max-text-chars: '0' is not valid, "
                + "expected at least 1"), "max-text-chars");
        assertTrue(bad("max-text-chars", "lots").contains("expected an integer"));
        assertTrue(bad("timeout", "0s").contains("crossmodal.audio.tts.timeout: '0s' is not valid, expected a "
                + "positive duration"));
        assertTrue(bad("timeout", "-5s").contains("crossmodal.audio.tts.timeout"));
        assertTrue(bad("timeout", "30 seconds").contains("crossmodal.audio.tts.timeout"));
        assertTrue(bad("queue-timeout", "-1").contains("expected a duration of zero or more"));
        assertTrue(bad("max-output-bytes", "0").contains("expected between 1 and 536870912"));
        assertTrue(bad("max-output-bytes", "536870913").contains("expected between 1 and 536870912"));
        assertTrue(bad("max-output-bytes", "40MiB").contains("expected an integer"));
        assertTrue(bad("max-concurrent", "0").contains("crossmodal.audio.tts.max-concurrent: '0' is not valid"));
        assertTrue(bad("festival.enabled", "yes").contains("expected true or false"));
        assertTrue(bad("espeak.enabled", "1").contains("crossmodal.audio.tts.espeak.enabled: '1'"));
        assertTrue(bad("festival.default-voice", "(voice_kal)").contains("expected a Festival voice name"));
        assertTrue(bad("temp-dir", "a\0b").contains("crossmodal.audio.tts.temp-dir"));
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, () -> read(Map.of(
                "crossmodal.audio.tts.max-concurrent", "none",
                "crossmodal.audio.tts.timeout", "never",
                "crossmodal.audio.tts.festival.enabled", "maybe")));
        assertEquals(Set.of("crossmodal.audio.tts.max-concurrent", "crossmodal.audio.tts.timeout",
                "crossmodal.audio.tts.festival.enabled"), e.keys());
        assertTrue(e.getMessage().startsWith("Invalid configuration: crossmodal.audio.tts.timeout: 'never'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("; crossmodal.audio.tts.max-concurrent: 'none' is not valid"),
                e.getMessage());
    }
}
