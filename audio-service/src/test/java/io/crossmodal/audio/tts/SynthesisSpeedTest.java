package io.crossmodal.audio.tts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthesis time per second of speech, printed for SYNTHESIS.md; the bounds are loose (shared, busy machines) and
 * only catch a program that became an order of magnitude slower.
 */
class SynthesisSpeedTest {

    static final String PARAGRAPH = "The audio service turns speech into vectors and text, and text back into speech."
            + " It runs each synthesis program as a separate process, with the text on standard input,"
            + " a time limit, an output limit, and a bounded number of processes at once.";
    static final String MANDARIN = "跨模态检索服务把文字、图像和语音放进同一个向量空间。它可以用一种模态去搜索另一种模态的内容。";

    @TempDir
    Path temp;

    @AfterEach
    void nothingLeft() throws Exception {
        TtsTesting.assertNoLeftoverProcesses();
        TtsTesting.assertEmptyDir(temp);
    }

    @Test
    void measuresBothPrograms() throws Exception {
        SynthesisProcessRunner runner = new SynthesisProcessRunner(SynthesisLimits.defaults(), temp);
        FestivalSynthesizer festival = new FestivalSynthesizer(runner);
        EspeakSynthesizer espeak = new EspeakSynthesizer(runner);
        TtsTesting.requireInstalled(festival);
        TtsTesting.requireInstalled(espeak);
        StringBuilder table = new StringBuilder();
        double festivalShort =
                report(table, "festival, 8 words", festival.synthesize(FestivalSynthesizerTest.SENTENCE, "en", ""));
        double festivalLong = report(table, "festival, 47 words", festival.synthesize(PARAGRAPH, "en", ""));
        report(table, "espeak-ng en-us, 8 words", espeak.synthesize(FestivalSynthesizerTest.SENTENCE, "en", ""));
        double espeakLong = report(table, "espeak-ng en-us, 47 words", espeak.synthesize(PARAGRAPH, "en", ""));
        double espeakZh = report(table, "espeak-ng cmn, 44 characters", espeak.synthesize(MANDARIN, "zh", ""));
        assertTrue(festivalShort < 2.0 && festivalLong < 1.0, "Festival is unexpectedly slow:" + table);
        assertTrue(espeakLong < 0.3 && espeakZh < 0.3, "espeak-ng is unexpectedly slow:" + table);
    }

    /** Returns seconds of wall-clock time per second of speech, and adds the measurement to {@code table}. */
    private static double report(StringBuilder table, String what, Synthesis s) {
        double seconds = s.elapsed().toNanos() / 1e9;
        double speech = s.audio().durationSeconds();
        double perSecond = seconds / speech;
        table.append(String.format(
                Locale.ROOT,
                "%n[tts speed] %-30s %6.3f s for %6.2f s of speech at %d Hz: %.3f s" + " per s",
                what,
                seconds,
                speech,
                s.audio().sampleRate(),
                perSecond));
        return perSecond;
    }
}
