package io.crossmodal.audio.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsReaderTest {

    private static SettingsReader reader(Map<String, String> values) {
        return new SettingsReader("x.", k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void durationsAreWrittenAsQuarkusWritesThem() {
        assertEquals(Duration.ofSeconds(30), SettingsReader.parseDuration("30"));
        assertEquals(Duration.ofSeconds(30), SettingsReader.parseDuration("30s"));
        assertEquals(Duration.ofSeconds(30), SettingsReader.parseDuration("30S"));
        assertEquals(Duration.ofMillis(500), SettingsReader.parseDuration("500ms"));
        assertEquals(Duration.ofMillis(1500), SettingsReader.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(2), SettingsReader.parseDuration("2m"));
        assertEquals(Duration.ofHours(1), SettingsReader.parseDuration("1h"));
        assertEquals(Duration.ofDays(1), SettingsReader.parseDuration("1d"));
        assertEquals(Duration.ofSeconds(30), SettingsReader.parseDuration("PT30S"));
        assertEquals(Duration.ofSeconds(30), SettingsReader.parseDuration(" pt30s "));
        for (String bad : List.of("", "s", "thirty", "30 s", "30x", "1.5ms", "PT")) {
            assertThrows(IllegalArgumentException.class, () -> SettingsReader.parseDuration(bad), bad);
        }
    }

    @Test
    void missingAndBlankKeysKeepTheirDefaults() {
        SettingsReader r = reader(Map.of("x.blank", "  "));
        assertEquals(7, r.integer("blank", 7, 1));
        assertEquals(7, r.integer("missing", 7, 1));
        assertTrue(r.bool("blank", true));
        assertEquals(Duration.ofSeconds(5), r.duration("blank", Duration.ofSeconds(5), false));
        assertEquals(Path.of("/d"), r.path("blank", Path.of("/d")));
        assertEquals(Optional.empty(), r.path("blank"));
        assertEquals(List.of("a"), r.commaList("blank", List.of("a")));
        assertEquals("d", r.string("blank", "d"));
        assertFalse(r.hasProblems());
        r.check();
    }

    @Test
    void goodValuesAreParsedAndTrimmed() {
        SettingsReader r = reader(Map.of("x.n", " 12 ", "x.b", "FALSE", "x.d", "250ms", "x.z", "0",
                "x.ms", "1500", "x.p", "/tmp/a b", "x.l", " a, ,b ,c", "x.big", "536870912"));
        assertEquals(12, r.integer("n", 1, 1));
        assertFalse(r.bool("b", true));
        assertEquals(Duration.ofMillis(250), r.duration("d", Duration.ofSeconds(1), false));
        assertEquals(Duration.ZERO, r.duration("z", Duration.ofSeconds(1), true));
        assertEquals(Duration.ofMillis(1500), r.millis("ms", Duration.ZERO));
        assertEquals(Path.of("/tmp/a b"), r.path("p", Path.of("/")));
        assertEquals(List.of("a", "b", "c"), r.commaList("l", List.of()));
        assertEquals(536870912L, r.longValue("big", 1, 1, 536870912L));
        r.check();
    }

    @Test
    void everyBadValueIsNamedInOneException() {
        SettingsReader r = reader(Map.of("x.n", "twelve", "x.low", "0", "x.high", "11", "x.b", "yes",
                "x.d", "forever", "x.zero", "0s", "x.neg", "-1s", "x.ms", "-5", "x.nul", "a\0b"));
        assertEquals(3, r.integer("n", 3, 1));
        assertEquals(3, r.integer("low", 3, 1));
        assertEquals(3, r.longValue("high", 3, 1, 10));
        assertTrue(r.bool("b", true));
        assertEquals(Duration.ofSeconds(1), r.duration("d", Duration.ofSeconds(1), true));
        assertEquals(Duration.ofSeconds(1), r.duration("zero", Duration.ofSeconds(1), false));
        assertEquals(Duration.ofSeconds(1), r.duration("neg", Duration.ofSeconds(1), true));
        assertEquals(Duration.ofSeconds(2), r.millis("ms", Duration.ofSeconds(2)));
        assertEquals(Optional.empty(), r.path("nul"));
        assertTrue(r.hasProblems());
        InvalidSettingsException e = assertThrows(InvalidSettingsException.class, r::check);
        assertEquals(Set.of("x.n", "x.low", "x.high", "x.b", "x.d", "x.zero", "x.neg", "x.ms", "x.nul"), e.keys());
        String m = e.getMessage();
        assertTrue(m.startsWith("Invalid configuration: "), m);
        assertTrue(m.contains("x.n: 'twelve' is not valid, expected an integer"), m);
        assertTrue(m.contains("x.low: '0' is not valid, expected at least 1"), m);
        assertTrue(m.contains("x.high: '11' is not valid, expected between 1 and 10"), m);
        assertTrue(m.contains("x.b: 'yes' is not valid, expected true or false"), m);
        assertTrue(m.contains("x.d: 'forever' is not valid, expected a duration"), m);
        assertTrue(m.contains("x.zero: '0s' is not valid, expected a positive duration"), m);
        assertTrue(m.contains("x.ms: '-5' is not valid, expected at least 0"), m);
    }
}
