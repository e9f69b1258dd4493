package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Festival's text2wave, for real (Debian festival + festvox-us-slt-hts). */
class FestivalSynthesizerTest {

    static final String SENTENCE = "Crossmodal search finds pictures, speech and text together.";

    @TempDir
    Path temp;

    @AfterEach
    void nothingLeft() throws Exception {
        TtsTesting.assertNoLeftoverProcesses();
        TtsTesting.assertEmptyDir(temp);
    }

    private FestivalSynthesizer festival(SynthesisLimits limits) {
        FestivalSynthesizer festival = new FestivalSynthesizer(new SynthesisProcessRunner(limits, temp));
        TtsTesting.requireInstalled(festival);
        return festival;
    }

    @Test
    void speaksAnEnglishSentenceAt32kHz() throws Exception {
        Synthesis s = festival(SynthesisLimits.defaults()).synthesize(SENTENCE, "en", "");
        TtsTesting.assertSpeech(s.audio(), 32_000, 1.5, 5.0);
        assertEquals("cmu_us_slt_arctic_hts", s.voice());
        assertEquals("festival", s.synthesizer());
        assertTrue(s.elapsed().compareTo(Duration.ZERO) > 0);
    }

    @Test
    void discoversTheInstalledVoiceAndSpeaksEveryEnglishTag() throws Exception {
        FestivalSynthesizer festival = festival(SynthesisLimits.defaults());
        assertEquals("cmu_us_slt_arctic_hts", festival.voices().get(0).name());
        assertEquals("en-us", festival.voices().get(0).language());
        assertEquals(java.util.Set.of("en"), festival.languages());
        assertTrue(festival.supportsLanguage("en-GB"));
        assertTrue(festival.supportsLanguage("EN_us"));
        assertFalse(festival.supportsLanguage("de"));
        assertFalse(festival.supportsLanguage("zh"));
        Synthesis s = festival.synthesize("Hello.", "en-GB", "CMU_US_SLT_ARCTIC_HTS");
        assertEquals("cmu_us_slt_arctic_hts", s.voice());
        TtsTesting.assertSpeech(s.audio(), 32_000, 0.2, 3.0);
    }

    @Test
    void refusesOtherLanguagesUnknownVoicesAndNonLatinText() {
        FestivalSynthesizer festival = festival(SynthesisLimits.defaults());
        SynthesisException language =
                assertThrows(SynthesisException.class, () -> festival.synthesize("Guten Tag.", "de", ""));
        assertEquals(Reason.UNSUPPORTED_LANGUAGE, language.reason());
        assertTrue(language.clientError());
        SynthesisException voice =
                assertThrows(SynthesisException.class, () -> festival.synthesize("Hello.", "en", "kal_diphone"));
        assertEquals(Reason.UNKNOWN_VOICE, voice.reason());
        assertTrue(voice.getMessage().contains("cmu_us_slt_arctic_hts"), voice.getMessage());
        // A voice name is put into "(voice_NAME)": anything but [a-z0-9_] can never be a known voice.
        assertEquals(
                Reason.UNKNOWN_VOICE,
                assertThrows(
                                SynthesisException.class,
                                () -> festival.synthesize("Hello.", "en", "cmu_us_slt_arctic_hts) (quit"))
                        .reason());
        assertEquals(
                Reason.EMPTY_TEXT,
                assertThrows(SynthesisException.class, () -> festival.synthesize("跨模态检索服务", "en", ""))
                        .reason());
    }

    @Test
    void tinyTimeoutKillsFestival() {
        FestivalSynthesizer festival = festival(SynthesisLimits.defaults().withTimeout(Duration.ofMillis(1)));
        SynthesisException e = assertThrows(SynthesisException.class, () -> festival.synthesize(SENTENCE, "en", ""));
        assertEquals(Reason.TIMEOUT, e.reason());
        TtsTesting.assertNoLeftoverProcesses();
    }

    @Test
    void timeoutWhileFestivalIsWorkingKillsIt() {
        FestivalSynthesizer festival = festival(SynthesisLimits.defaults().withTimeout(Duration.ofMillis(400)));
        long started = System.nanoTime();
        SynthesisException e =
                assertThrows(SynthesisException.class, () -> festival.synthesize(SENTENCE.repeat(6), "en", ""));
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 3000);
        TtsTesting.assertNoLeftoverProcesses();
    }

    @Test
    void outputLimitStopsFestival() {
        // 50 kB is under a second of 32 kHz speech; the sentence is about three.
        FestivalSynthesizer festival = festival(SynthesisLimits.defaults().withMaxOutputBytes(50_000));
        SynthesisException e = assertThrows(SynthesisException.class, () -> festival.synthesize(SENTENCE, "en", ""));
        assertEquals(Reason.OUTPUT_TOO_LARGE, e.reason());
        TtsTesting.assertNoLeftoverProcesses();
    }

    @Test
    void missingProgramIsReportedNotThrownAtConstruction() {
        SynthesisProcessRunner runner = new SynthesisProcessRunner(SynthesisLimits.defaults(), temp);
        FestivalSynthesizer festival = new FestivalSynthesizer(
                runner,
                "/nonexistent/text2wave",
                FestivalSynthesizer.DEFAULT_VOICES_DIR,
                FestivalSynthesizer.DEFAULT_VOICE);
        assertFalse(festival.isAvailable());
        assertEquals(List.of(), festival.voices());
        SynthesisException e = assertThrows(SynthesisException.class, festival::checkAvailable);
        assertEquals(Reason.NOT_INSTALLED, e.reason());
        assertTrue(e.getMessage().contains("not installed") && e.getMessage().contains("festival"), e.getMessage());
        assertEquals(
                Reason.NOT_INSTALLED,
                assertThrows(SynthesisException.class, () -> festival.synthesize("Hello.", "en", ""))
                        .reason());
        // The length is still checked first.
        assertEquals(
                Reason.TEXT_TOO_LONG,
                assertThrows(SynthesisException.class, () -> festival.synthesize("a".repeat(2001), "en", ""))
                        .reason());

        FestivalSynthesizer noVoices = new FestivalSynthesizer(
                runner, "text2wave", temp.resolve("no-voices"), FestivalSynthesizer.DEFAULT_VOICE);
        SynthesisException voices = assertThrows(SynthesisException.class, noVoices::checkAvailable);
        assertEquals(Reason.NOT_INSTALLED, voices.reason());
        assertTrue(voices.getMessage().contains("festvox-us-slt-hts"), voices.getMessage());
    }
}
