package io.crossmodal.audio.tts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.tts.SynthesisException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthesizerRouterTest {

    @TempDir
    Path temp;

    @AfterEach
    void nothingLeft() throws Exception {
        TtsTesting.assertNoLeftoverProcesses();
        TtsTesting.assertEmptyDir(temp);
    }

    private SynthesizerRouter router(SynthesisSettings settings) {
        SynthesizerRouter router = SynthesizerRouter.create(settings.withTempDir(temp));
        return router;
    }

    private SynthesizerRouter installed() {
        SynthesizerRouter router = router(SynthesisSettings.defaults());
        router.synthesizers().forEach(TtsTesting::requireInstalled);
        return router;
    }

    @Test
    void routesEnglishToFestivalAndEverythingElseToEspeak() throws Exception {
        SynthesizerRouter router = installed();
        for (String en : new String[] {"en", "en-US", "en_GB", "EN", "", null}) {
            assertEquals("festival", router.select(en, "").name(), String.valueOf(en));
        }
        for (String other : new String[] {"zh", "zh-CN", "zh-TW", "cmn", "yue", "de", "fr-CA", "ja"}) {
            assertEquals("espeak-ng", router.select(other, null).name(), other);
        }
    }

    @Test
    void aVoiceNamePicksItsSynthesizer() throws Exception {
        SynthesizerRouter router = installed();
        assertEquals("espeak-ng", router.select("en", "en-us").name());
        assertEquals("espeak-ng", router.select("", "CMN").name());
        assertEquals("festival", router.select("", "cmu_us_slt_arctic_hts").name());
        SynthesisException unknown = assertThrows(SynthesisException.class, () -> router.select("en", "hal9000"));
        assertEquals(Reason.UNKNOWN_VOICE, unknown.reason());
        assertTrue(unknown.getMessage().contains("cmu_us_slt_arctic_hts"), unknown.getMessage());
        assertEquals(
                Reason.UNSUPPORTED_LANGUAGE,
                assertThrows(SynthesisException.class, () -> router.synthesize("hello", "en", "cmn"))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_LANGUAGE,
                assertThrows(SynthesisException.class, () -> router.synthesize("hello", "tlh", ""))
                        .reason());
        assertEquals(
                Reason.UNSUPPORTED_LANGUAGE,
                assertThrows(SynthesisException.class, () -> router.synthesize("hello", "en\u0000", ""))
                        .reason());
    }

    @Test
    void speaksEnglishWithFestivalAndMandarinWithEspeak() throws Exception {
        SynthesizerRouter router = installed();
        Synthesis en = router.synthesize(FestivalSynthesizerTest.SENTENCE, "", "");
        assertEquals("festival", en.synthesizer());
        TtsTesting.assertSpeech(en.audio(), 32_000, 1.5, 5.0);
        Synthesis zh = router.synthesize("跨模态检索服务", "zh-CN", "");
        assertEquals("espeak-ng", zh.synthesizer());
        assertEquals("cmn", zh.voice());
        TtsTesting.assertSpeech(zh.audio(), 22_050, 0.8, 5.0);
        // An explicit voice with no language speaks the voice's language.
        Synthesis yue = router.synthesize("跨模态检索服务", "", "yue");
        assertEquals("yue", yue.voice());
    }

    @Test
    void tooLongTextIsRefusedFirst() {
        SynthesizerRouter router = router(SynthesisSettings.defaults()
                .withLimits(SynthesisLimits.defaults().withMaxTextChars(20)));
        String text = "x".repeat(21);
        // Even with a bad language and an unknown voice, the length is what is reported.
        SynthesisException e = assertThrows(SynthesisException.class, () -> router.synthesize(text, "??", "nope"));
        assertEquals(Reason.TEXT_TOO_LONG, e.reason());
        assertTrue(e.getMessage().contains("21 characters") && e.getMessage().contains("at most 20"), e.getMessage());
    }

    @Test
    void englishFallsBackToEspeakWithoutFestival() throws Exception {
        SynthesizerRouter router = router(SynthesisSettings.defaults().withFestivalProgram("/nonexistent/text2wave"));
        assertTrue(router.isAvailable());
        assertEquals(1, router.problems().size());
        assertEquals("espeak-ng", router.select("en", "").name());
        Synthesis s = router.synthesize("Hello there.", "en-US", "");
        assertEquals("en-us", s.voice());
    }

    @Test
    void nothingInstalledIsNotInstalled() {
        SynthesizerRouter router = router(SynthesisSettings.defaults()
                .withFestivalProgram("/nonexistent/text2wave")
                .withEspeakProgram("/nonexistent/espeak-ng"));
        assertFalse(router.isAvailable());
        SynthesisException e = assertThrows(SynthesisException.class, router::checkAvailable);
        assertEquals(Reason.NOT_INSTALLED, e.reason());
        assertTrue(e.getMessage().contains("Festival") && e.getMessage().contains("espeak-ng"), e.getMessage());
        assertEquals(
                Reason.NOT_INSTALLED,
                assertThrows(SynthesisException.class, () -> router.synthesize("hi", "en", ""))
                        .reason());
        assertEquals(
                Reason.NOT_INSTALLED,
                assertThrows(SynthesisException.class, () -> router.synthesize("hi", "en", "cmn"))
                        .reason());
    }

    @Test
    void busyWhenTheOnlySlotIsTaken() throws Exception {
        SynthesizerRouter router = router(SynthesisSettings.defaults()
                .withLimits(SynthesisLimits.defaults().withMaxConcurrent(1).withQueueTimeout(Duration.ofMillis(50))));
        router.synthesizers().forEach(TtsTesting::requireInstalled);
        CompletableFuture<Synthesis> first = CompletableFuture.supplyAsync(() -> {
            try {
                return router.synthesize(FestivalSynthesizerTest.SENTENCE.repeat(3), "en", "");
            } catch (SynthesisException e) {
                throw new RuntimeException(e);
            }
        });
        await("the first synthesis holds the slot")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> router.runner().running() != 0);
        assertEquals(1, router.runner().running());
        SynthesisException busy = assertThrows(SynthesisException.class, () -> router.synthesize("跨模态检索服务", "zh", ""));
        assertInstanceOf(SynthesisBusyException.class, busy);
        assertEquals(Reason.BUSY, busy.reason());
        assertFalse(busy.clientError());
        assertEquals(Duration.ofMillis(50), ((SynthesisBusyException) busy).retryAfter());
        Synthesis s = first.get(30, TimeUnit.SECONDS);
        assertEquals("festival", s.synthesizer());
        assertEquals(0, router.runner().running());
    }
}
