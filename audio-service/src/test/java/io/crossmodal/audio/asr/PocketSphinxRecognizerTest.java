package io.crossmodal.audio.asr;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.asr.Transcript.Word;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PocketSphinx recogniser on real speech: Festival speaks the sentences of {@code asr/sentences.txt}, the
 * recogniser transcribes them (two at a time, one per pooled decoder), and the word error rate is measured.
 */
class PocketSphinxRecognizerTest {

    private static final String REPORT = "Can you send me the report before lunch?";

    private static PocketSphinxRecognizer recognizer;
    private static List<String> sentences;
    private static List<MonoAudio> speech;

    @BeforeAll
    static void open() {
        sentences = FestivalSpeech.sentences();
        speech = FestivalSpeech.speakAll(sentences);
        recognizer = PocketSphinxRecognizer.open();
    }

    @AfterAll
    static void close() {
        if (recognizer != null) {
            recognizer.close();
        }
    }

    private static MonoAudio sentence(String text) {
        return speech.get(sentences.indexOf(text));
    }

    @Test
    void transcribesFestivalSpeechWithLowWordErrorRate() throws Exception {
        assertEquals(10, sentences.size());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(recognizer.poolSize());
        List<Future<double[]>> cpu = new ArrayList<>();
        Transcript[] transcripts = new Transcript[sentences.size()];
        try {
            for (int i = 0; i < sentences.size(); i++) {
                int n = i;
                cpu.add(pool.submit(() -> {
                    long t0 = threads.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    transcripts[n] = recognizer.transcribe(speech.get(n));
                    return new double[] {(threads.getCurrentThreadCpuTime() - t0) / 1e9, (System.nanoTime() - w0) / 1e9
                    };
                }));
            }
            double cpuSeconds = 0;
            double wallSeconds = 0;
            for (Future<double[]> f : cpu) {
                double[] t = f.get();
                cpuSeconds += t[0];
                wallSeconds += t[1];
            }
            WordErrorRate.Result total = WordErrorRate.Result.ZERO;
            double audioSeconds = 0;
            StringBuilder table =
                    new StringBuilder("PocketSphinx on Festival (" + FestivalSpeech.VOICE + "), 16 kHz:\n");
            for (int i = 0; i < sentences.size(); i++) {
                WordErrorRate.Result r = WordErrorRate.compute(sentences.get(i), transcripts[i].text());
                total = total.plus(r);
                audioSeconds += speech.get(i).durationSeconds();
                table.append(String.format(
                        "  WER %5.1f%% (%d/%d)  REF: %s%n                       HYP: %s%n",
                        100 * r.rate(), r.errors(), r.referenceWords(), sentences.get(i), transcripts[i].text()));
            }
            table.append(String.format(
                    "  overall WER %.1f%% (%d errors / %d words: %d sub, %d del, %d ins)%n",
                    100 * total.rate(),
                    total.errors(),
                    total.referenceWords(),
                    total.substitutions(),
                    total.deletions(),
                    total.insertions()));
            table.append(String.format(
                    "  %.1f s of audio: %.2f s CPU (real-time factor %.3f), %.2f s wall per" + " decoder (%.3f)",
                    audioSeconds, cpuSeconds, cpuSeconds / audioSeconds, wallSeconds, wallSeconds / audioSeconds));
            assertTrue(total.rate() <= 0.20, "overall WER " + total.rate() + "\n" + table);

            Transcript report = transcripts[sentences.indexOf(REPORT)];
            List<String> heard = WordErrorRate.words(report.text());
            long found =
                    WordErrorRate.words(REPORT).stream().filter(heard::contains).count();
            assertTrue(found >= 7, "report sentence came back as: " + report.text());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wordTimingsAreMonotonicInsideTheClipAndWhereTheSpeechIs() {
        MonoAudio clip = FestivalSpeech.pad(sentence(REPORT), 1.0, 0.5);
        long[] speechSpan = FestivalSpeech.speechSpanMillis(clip);
        Transcript t = recognizer.transcribe(clip);
        assertTrue(t.words().size() >= 7, t.text());
        assertEquals(
                t.text(), String.join(" ", t.words().stream().map(Word::text).toList()));
        long previousEnd = 0;
        for (Word w : t.words()) {
            assertTrue(w.timed(), w.toString());
            assertTrue(w.startMillis() >= previousEnd, "overlaps the previous word: " + w);
            assertTrue(w.endMillis() > w.startMillis(), w.toString());
            assertTrue(w.endMillis() <= clip.durationMillis(), w.toString());
            assertTrue(
                    w.startMillis() >= speechSpan[0] - 150 && w.endMillis() <= speechSpan[1] + 150,
                    w + " outside the speech " + Arrays.toString(speechSpan));
            assertTrue(w.confidence() >= 0 && w.confidence() <= 1, w.toString());
            previousEnd = w.endMillis();
        }
        // the words cover the speech: the first starts near its start, the last ends near its end
        assertTrue(
                Math.abs(t.words().get(0).startMillis() - speechSpan[0]) <= 250,
                t.words().get(0).toString());
        assertTrue(
                Math.abs(t.words().get(t.words().size() - 1).endMillis() - speechSpan[1]) <= 250,
                t.words().get(t.words().size() - 1).toString());
        // posteriors come from the lattice: not the constant 1 PocketSphinx gives without -bestpath
        assertTrue(t.words().stream().anyMatch(w -> w.confidence() < 0.999f), "no posterior below 1");
        assertTrue(t.words().stream().mapToDouble(Word::confidence).average().orElse(0) > 0.5);
    }

    @Test
    void streamingFinalTranscriptEqualsUnaryForAnyChunking() throws Exception {
        // one sentence in chunks of 1600 (the decoder's block), 4000 and 1234 samples; four sentences (over 8 s
        // of speech: the live cepstral mean is updated mid-utterance) in chunks of 1234. Two at a time, one per
        // decoder.
        MonoAudio shortClip = sentence(REPORT);
        MonoAudio longClip = FestivalSpeech.concat(speech.subList(1, 5), 0.4);
        assertTrue(longClip.durationSeconds() > 8.5, "long clip " + longClip.durationSeconds() + " s");
        ExecutorService pool = Executors.newFixedThreadPool(recognizer.poolSize());
        try {
            for (MonoAudio clip : List.of(shortClip, longClip)) {
                Future<Transcript> unaryResult = pool.submit(() -> recognizer.transcribe(clip));
                List<Future<List<Object>>> streamed = new ArrayList<>();
                for (int chunk : clip == shortClip ? new int[] {1600, 4000, 1234} : new int[] {1234}) {
                    streamed.add(pool.submit(() -> stream(clip, chunk)));
                }
                Transcript unary = unaryResult.get();
                assertFalse(unary.isEmpty());
                for (Future<List<Object>> f : streamed) {
                    int chunk = (Integer) f.get().get(0);
                    @SuppressWarnings("unchecked")
                    List<String> partials = (List<String>) f.get().get(1);
                    Transcript result = (Transcript) f.get().get(2);
                    assertEquals(unary, result, "chunks of " + chunk);
                    // partial hypotheses appear while audio flows and grow towards the final text
                    assertTrue(partials.stream().anyMatch(p -> !p.isEmpty()), "no partial hypothesis");
                    assertTrue(
                            partials.get(partials.size() - 1).split(" ").length
                                    >= result.words().size() / 2,
                            "last partial " + partials.get(partials.size() - 1));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Object> stream(MonoAudio clip, int chunk) {
        List<String> partials = new ArrayList<>();
        try (RecognitionStream stream = recognizer.openStream()) {
            float[] s = clip.samples();
            for (int at = 0; at < s.length; at += chunk) {
                partials.add(stream.accept(Arrays.copyOfRange(s, at, Math.min(s.length, at + chunk))));
            }
            return List.of(chunk, partials, stream.finish());
        }
    }

    @Test
    void resultsDoNotDependOnWhatTheDecoderHeardBefore() {
        MonoAudio a = sentence(REPORT);
        MonoAudio b = FestivalSpeech.pad(speech.get(5), 0.3, 0.3);
        // decoders are reused most recent first, so these all run on the same decoder
        Transcript first = recognizer.transcribe(a);
        recognizer.transcribe(b);
        try (RecognitionStream abandoned = recognizer.openStream()) {
            abandoned.accept(Arrays.copyOf(b.samples(), 20_000));
        }
        assertEquals(first, recognizer.transcribe(a));
    }

    @Test
    void silenceGivesAnEmptyTranscript() {
        Transcript digital = recognizer.transcribe(new MonoAudio(new float[32_000], MonoAudio.MODEL_RATE));
        assertEquals(Transcript.EMPTY, digital);
        // a quiet noise floor (-70 dBFS white noise); from about -50 dBFS PocketSphinx hears a short word ("if")
        for (int seed = 1; seed <= 3; seed++) {
            java.util.Random random = new java.util.Random(seed);
            float[] hiss = new float[32_000];
            for (int i = 0; i < hiss.length; i++) {
                hiss[i] = (float) (random.nextGaussian() * 3.16e-4);
            }
            Transcript quiet = recognizer.transcribe(new MonoAudio(hiss, MonoAudio.MODEL_RATE));
            assertEquals(Transcript.EMPTY, quiet, "quiet noise: " + quiet);
        }
        assertEquals(Transcript.EMPTY, recognizer.transcribe(new MonoAudio(new float[0], MonoAudio.MODEL_RATE)));
        try (RecognitionStream stream = recognizer.openStream()) {
            assertEquals("", stream.accept(new float[16_000]));
            assertEquals("", stream.accept(new float[0]));
            assertEquals(Transcript.EMPTY, stream.finish());
        }
    }

    @Test
    void takesOnly16kHzAudio() {
        for (int rate : new int[] {8_000, 22_050, 44_100, 48_000}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> recognizer.transcribe(new MonoAudio(new float[rate], rate)));
            assertTrue(e.getMessage().contains(rate + " Hz"), e.getMessage());
        }
        assertEquals(0, recognizer.decodersInUse());
    }

    @Test
    void clipsOutOfRangeSamplesInsteadOfFailing() {
        MonoAudio loud = sentence(REPORT);
        float[] s = loud.samples().clone();
        for (int i = 0; i < s.length; i++) {
            s[i] *= 4; // clips the peaks
        }
        s[100] = Float.NaN;
        s[200] = Float.POSITIVE_INFINITY;
        Transcript t = recognizer.transcribe(new MonoAudio(s, MonoAudio.MODEL_RATE));
        assertTrue(WordErrorRate.compute(REPORT, t.text()).errors() <= 4, t.text());
    }

    @Test
    void streamLifecycle() {
        MonoAudio clip = sentence(REPORT);
        RecognitionStream stream = recognizer.openStream();
        assertEquals(1, recognizer.decodersInUse());
        stream.accept(clip.samples());
        Transcript t = stream.finish();
        assertFalse(t.isEmpty());
        assertEquals(0, recognizer.decodersInUse());
        assertThrows(IllegalStateException.class, () -> stream.accept(new float[10]));
        assertThrows(IllegalStateException.class, stream::finish);
        stream.close();
        stream.close();

        RecognitionStream cancelled = recognizer.openStream();
        cancelled.accept(Arrays.copyOf(clip.samples(), 8_000));
        cancelled.close();
        cancelled.close();
        assertEquals(0, recognizer.decodersInUse());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cancelled.accept(new float[1]));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aStreamDroppedWithoutCloseGivesItsDecoderBackWhenCollected() {
        openAndDrop();
        assertEquals(1, recognizer.decodersInUse());
        // what is tested is the recogniser's Cleaner, which runs only once the collector finds the stream
        // unreachable; it has no hook to drive instead, so the wait asks for a collection at every poll
        await("the dropped stream's decoder given back")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    System.gc();
                    return recognizer.decodersInUse() == 0;
                });
        assertEquals(0, recognizer.decodersInUse());
        assertFalse(recognizer.transcribe(sentence(REPORT)).isEmpty()); // the decoder is usable again
    }

    private static void openAndDrop() {
        RecognitionStream stream = recognizer.openStream();
        stream.accept(Arrays.copyOf(sentence(REPORT).samples(), 4_000));
    }

    @Test
    void describesItself() {
        assertEquals("pocketsphinx-en-us", recognizer.name());
        assertEquals(List.of("en"), recognizer.languages());
        assertTrue(recognizer.supportsLanguage("en"));
        assertTrue(recognizer.supportsLanguage("en-US"));
        assertTrue(recognizer.supportsLanguage(""));
        assertFalse(recognizer.supportsLanguage("zh"));
        assertFalse(recognizer.version().isBlank());
    }
}
