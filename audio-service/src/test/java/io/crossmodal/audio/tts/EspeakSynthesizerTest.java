package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** espeak-ng, for real (Debian espeak-ng). */
class EspeakSynthesizerTest {

    @TempDir
    Path temp;

    @AfterEach
    void nothingLeft() throws Exception {
        TtsTesting.assertNoLeftoverProcesses();
        TtsTesting.assertEmptyDir(temp);
    }

    private EspeakSynthesizer espeak(SynthesisLimits limits) {
        EspeakSynthesizer espeak = new EspeakSynthesizer(new SynthesisProcessRunner(limits, temp));
        TtsTesting.requireInstalled(espeak);
        return espeak;
    }

    @Test
    void speaksMandarin() throws Exception {
        Synthesis s = espeak(SynthesisLimits.defaults()).synthesize("跨模态检索服务", "zh", "");
        assertEquals("cmn", s.voice());
        assertEquals("espeak-ng", s.synthesizer());
        TtsTesting.assertSpeech(s.audio(), 22_050, 0.8, 5.0);
    }

    @Test
    void speaksCantoneseGermanAndEnglishToo() throws Exception {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults());
        Synthesis yue = espeak.synthesize("跨模态检索服务", "zh-HK", "");
        assertEquals("yue", yue.voice());
        TtsTesting.assertSpeech(yue.audio(), 22_050, 0.5, 5.0);
        Synthesis de = espeak.synthesize("Guten Tag, wie geht es Ihnen?", "de-DE", "");
        assertEquals("de", de.voice());
        TtsTesting.assertSpeech(de.audio(), 22_050, 0.8, 5.0);
        Synthesis en = espeak.synthesize(FestivalSynthesizerTest.SENTENCE, "", "en-gb");
        assertEquals("en-gb", en.voice());
        TtsTesting.assertSpeech(en.audio(), 22_050, 1.5, 6.0);
    }

    @Test
    void mapsBcp47TagsToVoices() {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults());
        Map<String, String> expected = Map.ofEntries(
                Map.entry("zh", "cmn"),
                Map.entry("zh-CN", "cmn"),
                Map.entry("zh_TW", "cmn"),
                Map.entry("zh-Hans-CN", "cmn"),
                Map.entry("cmn", "cmn"),
                Map.entry("cmn-Hans-CN", "cmn"),
                Map.entry("zh-HK", "yue"),
                Map.entry("yue", "yue"),
                Map.entry("en", "en-us"),
                Map.entry("en-US", "en-us"),
                Map.entry("en-GB", "en-gb"),
                Map.entry("en-AU", "en-gb"),
                Map.entry("de", "de"),
                Map.entry("de-AT", "de"),
                Map.entry("fr", "fr-fr"),
                Map.entry("fr-CA", "fr-fr"),
                Map.entry("pt-BR", "pt-br"),
                Map.entry("pt", "pt"),
                Map.entry("es-MX", "es-419"),
                Map.entry("es-ES", "es"),
                Map.entry("iw", "he"),
                Map.entry("no", "nb"),
                Map.entry("ja", "ja"));
        expected.forEach((tag, voice) -> assertEquals(Optional.of(voice), espeak.voiceFor(tag), tag));
        assertEquals(Optional.empty(), espeak.voiceFor("tlh"));
        assertEquals(Optional.empty(), espeak.voiceFor("not a tag"));
        assertTrue(espeak.languages().contains("cmn"));
        assertTrue(espeak.voices().size() > 50, "voices: " + espeak.voices().size());
    }

    @Test
    void refusesUnknownLanguagesAndVoicesAndMismatches() {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults());
        assertEquals(
                Reason.UNSUPPORTED_LANGUAGE,
                assertThrows(SynthesisException.class, () -> espeak.synthesize("nuqneH", "tlh", ""))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_LANGUAGE,
                assertThrows(SynthesisException.class, () -> espeak.synthesize("hello", "en; rm -rf /", ""))
                        .reason());
        assertEquals(
                Reason.UNKNOWN_VOICE,
                assertThrows(SynthesisException.class, () -> espeak.synthesize("hello", "", "klingon"))
                        .reason());
        // A voice name is never passed through unless espeak-ng listed it: an option-looking one is unknown.
        assertEquals(
                Reason.UNKNOWN_VOICE,
                assertThrows(SynthesisException.class, () -> espeak.synthesize("hello", "", "--stdout"))
                        .reason());
        SynthesisException mismatch =
                assertThrows(SynthesisException.class, () -> espeak.synthesize("hello", "en", "cmn"));
        assertEquals(Reason.UNSUPPORTED_LANGUAGE, mismatch.reason());
        assertTrue(mismatch.getMessage().contains("cmn"), mismatch.getMessage());
    }

    @Test
    void theLongestMandarinTextFitsTheDefaultLimits() throws Exception {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults());
        String sentence = "跨模态检索服务把文字、图像和语音放进同一个向量空间。"; // 26 characters
        int max = SynthesisLimits.DEFAULT_MAX_TEXT_CHARS;
        String text = sentence.repeat(max / sentence.length()) + sentence.substring(0, max % sentence.length());
        assertEquals(SynthesisLimits.DEFAULT_MAX_TEXT_CHARS, text.codePointCount(0, text.length()));
        Synthesis s = espeak.synthesize(text, "zh", "");
        // About 0.36 s of speech per character: some 12 minutes, 32 MB of WAV.
        TtsTesting.assertSpeech(s.audio(), 22_050, 500, 1000);
    }

    @Test
    void tinyTimeoutKillsEspeak() {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults().withTimeout(Duration.ofMillis(1)));
        SynthesisException e = assertThrows(SynthesisException.class, () -> espeak.synthesize("跨模态检索服务", "zh", ""));
        assertEquals(Reason.TIMEOUT, e.reason());
    }

    @Test
    void outputLimitStopsEspeak() {
        EspeakSynthesizer espeak = espeak(SynthesisLimits.defaults().withMaxOutputBytes(20_000));
        SynthesisException e = assertThrows(
                SynthesisException.class, () -> espeak.synthesize(FestivalSynthesizerTest.SENTENCE, "en", ""));
        assertEquals(Reason.OUTPUT_TOO_LARGE, e.reason());
    }

    @Test
    void missingProgramIsReportedNotThrownAtConstruction() {
        EspeakSynthesizer espeak = new EspeakSynthesizer(
                new SynthesisProcessRunner(SynthesisLimits.defaults(), temp), "espeak-ng-not-installed");
        assertFalse(espeak.isAvailable());
        assertFalse(espeak.supportsLanguage("zh"));
        SynthesisException e = assertThrows(SynthesisException.class, espeak::checkAvailable);
        assertEquals(Reason.NOT_INSTALLED, e.reason());
        assertTrue(e.getMessage().contains("espeak-ng is not installed"), e.getMessage());
        assertEquals(
                Reason.NOT_INSTALLED,
                assertThrows(SynthesisException.class, () -> espeak.synthesize("你好", "zh", ""))
                        .reason());
    }

    @Test
    void parsesTheVoiceListing() {
        String listing = """
                Pty Language       Age/Gender VoiceName          File                 Other Languages
                 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
                 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
                 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
                 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
                 5  -v;rm           --/M      Bad                bad/bad
                """;
        Map<String, EspeakSynthesizer.Entry> table = EspeakSynthesizer.parseVoices(listing);
        assertEquals(java.util.List.of("cmn", "en-gb", "yue"), java.util.List.copyOf(table.keySet()));
        assertEquals("Chinese (Mandarin, latin as English)", table.get("cmn").description());
        assertEquals(Map.of("zh-cmn", 5, "zh", 5), table.get("cmn").otherLanguages());
        assertEquals("Chinese (Cantonese)", table.get("yue").description());
    }
}
