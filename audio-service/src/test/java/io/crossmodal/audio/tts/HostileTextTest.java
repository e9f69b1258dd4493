package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text that would do something if it reached a shell or Festival's Scheme interpreter: it is spoken (or cleanly
 * refused as having nothing to speak), and nothing it asks for happens.
 */
class HostileTextTest {

    @TempDir
    Path temp;

    @TempDir
    Path markers;

    private SynthesisProcessRunner runner;

    @BeforeEach
    void runner() {
        runner = new SynthesisProcessRunner(SynthesisLimits.defaults(), temp);
    }

    @AfterEach
    void nothingHappened() throws Exception {
        TtsTesting.assertEmptyDir(markers);
        TtsTesting.assertNoLeftoverProcesses();
        TtsTesting.assertEmptyDir(temp);
    }

    private List<String> hostileTexts() {
        String m = markers.toString();
        return List.of(
                "(quit)",
                "(system \"touch " + m + "/pwned-scheme\") and (quit)",
                "Run $(touch " + m + "/pwned-subst) and `touch " + m + "/pwned-backtick` please.",
                "\"; touch " + m + "/pwned-quote; echo \" 'single' \"double\" \\\" \\n",
                "(set! tts_hooks nil) (voice_kal_diphone) #t ;; a comment\n(define x \"unterminated",
                "Line one\nLine two\r\n(quit)\r\nLine three\u2028four",
                "\u0000\u0007\u001b[31mred\u001b[0m \b\u007f\u009b text \u202Egnirts desrever",
                "Emoji \uD83D\uDE00\uD83D\uDE80 and a family \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 here.",
                "-v xx --stdout -w " + m + "/pwned-option -f /etc/passwd",
                "<speak><audio src=\"file:///etc/passwd\"/>Markup</speak> & <b>bold</b>",
                "\uD83D\uDE00\uD83D\uDE80\u0007");
    }

    @Test
    void festivalSpeaksHostileTextAndRunsNothing() throws Exception {
        FestivalSynthesizer festival = new FestivalSynthesizer(runner);
        TtsTesting.requireInstalled(festival);
        List<String> spoken = speakAll(festival, "en");
        // Everything but the emoji-only text has Latin letters.
        assertEquals(hostileTexts().size() - 1, spoken.size(), "spoken: " + spoken);
    }

    @Test
    void espeakSpeaksHostileTextAndRunsNothing() throws Exception {
        EspeakSynthesizer espeak = new EspeakSynthesizer(runner);
        TtsTesting.requireInstalled(espeak);
        speakAll(espeak, "en");
        List<String> mandarin = speakAll(espeak, "zh");
        assertFalse(mandarin.isEmpty());
    }

    /** Speaks every hostile text; returns those that gave audio. Fails on anything but audio or EMPTY_TEXT. */
    private List<String> speakAll(SpeechSynthesizer synthesizer, String language) throws Exception {
        List<String> spoken = new ArrayList<>();
        for (String text : hostileTexts()) {
            try {
                Synthesis s = synthesizer.synthesize(text, language, "");
                assertTrue(TtsTesting.rms(s.audio()) > 0.005, "silent audio for " + text);
                assertTrue(s.audio().durationSeconds() > 0.2, "too short for " + text);
                spoken.add(text);
            } catch (SynthesisException e) {
                if (e.reason() != Reason.EMPTY_TEXT) {
                    fail(synthesizer.name() + " on " + text + ": " + e);
                }
            }
            try (var files = Files.list(markers)) {
                assertEquals(List.of(), files.toList(), "side effect of " + text);
            }
        }
        return spoken;
    }
}
