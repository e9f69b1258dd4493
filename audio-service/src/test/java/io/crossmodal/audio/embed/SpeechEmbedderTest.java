package io.crossmodal.audio.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.vad.SileroVad;
import io.crossmodal.audio.vad.SpeechSegmenter;
import io.crossmodal.audio.vad.SpeechSpan;
import io.crossmodal.audio.vad.TestSpeech;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.servicekit.call.RequestScope;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openWakeWord's feature models from the prepared model repository on speech synthesised by Festival (see
 * {@link TestSpeech}); segments from Silero VAD.
 */
public class SpeechEmbedderTest {

    static final ConcurrentLinkedQueue<Integer> EMBEDDING_BATCHES = new ConcurrentLinkedQueue<>();

    static SpeechEmbedder embedder;
    static SileroVad vad;

    @BeforeAll
    static void open() {
        ModelDescriptor descriptor =
                TestSpeech.repository().get(SpeechEmbedder.DEFAULT_MODEL, java.util.Optional.empty());
        embedder = SpeechEmbedder.open(
                descriptor,
                stage -> "embedding".equals(stage)
                        ? new BatchMetrics() {
                            @Override
                            public void batchStarted(int size, long cost) {
                                EMBEDDING_BATCHES.add(size);
                            }
                        }
                        : BatchMetrics.NONE);
        embedder.warmUp();
        vad = SileroVad.open(TestSpeech.repository(), BatchMetrics.NONE);
    }

    @AfterAll
    static void close() {
        if (embedder != null) {
            embedder.close();
        }
        if (vad != null) {
            vad.close();
        }
    }

    /** The clip's vector pooled over the speech Silero finds in it. */
    static ClipEmbedding embedSpeech(MonoAudio clip) {
        List<SpeechSpan> speech = vad.detectSpeech(clip, SpeechSegmenter.Config.defaults(), RequestScope.UNBOUNDED)
                .join();
        return embedder.embed(clip, speech, true, RequestScope.UNBOUNDED).join();
    }

    @Test
    void theSameSentenceSpokenTwiceIsCloserThanTwoDifferentSentences() {
        String[] sentences = {TestSpeech.SENTENCE_1, TestSpeech.SENTENCE_2, TestSpeech.SENTENCE_3};
        float[][] normal = new float[3][];
        float[][] variant = new float[3][];
        for (int i = 0; i < 3; i++) {
            normal[i] = embedSpeech(TestSpeech.festival(sentences[i])).vector();
            // the same voice 25% slower and 3 half-tones lower
            variant[i] = embedSpeech(TestSpeech.festival(sentences[i], 0.8, -3)).vector();
        }
        double worstSame = 1;
        double bestDifferent = -1;
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            double same = TestSpeech.cosine(normal[i], variant[i]);
            table.append(
                    String.format(Locale.ROOT, "%nsentence %d, normal vs slower and lower: cosine %.4f", i + 1, same));
            worstSame = Math.min(worstSame, same);
            for (int j = i + 1; j < 3; j++) {
                double different = TestSpeech.cosine(normal[i], normal[j]);
                double differentVariant = TestSpeech.cosine(variant[i], variant[j]);
                double crossed =
                        Math.max(TestSpeech.cosine(normal[i], variant[j]), TestSpeech.cosine(variant[i], normal[j]));
                table.append(String.format(
                        Locale.ROOT,
                        "%nsentences %d and %d: cosine %.4f (normal), %.4f (slower"
                                + " and lower), %.4f (one of each, higher)",
                        i + 1,
                        j + 1,
                        different,
                        differentVariant,
                        crossed));
                bestDifferent = Math.max(bestDifferent, Math.max(different, Math.max(differentVariant, crossed)));
            }
        }
        assertTrue(
                worstSame > bestDifferent,
                "lowest same-sentence cosine " + worstSame + " vs highest different-sentence cosine " + bestDifferent
                        + table);
    }

    @Test
    void theSameClipTwiceGivesIdenticalVectors() {
        MonoAudio clip = TestSpeech.festival(TestSpeech.SENTENCE_2);
        List<SpeechSpan> speech = vad.detectSpeech(clip, SpeechSegmenter.Config.defaults(), RequestScope.UNBOUNDED)
                .join();
        // once alone, once while other clips share its batches
        ClipEmbedding first =
                embedder.embed(clip, speech, true, RequestScope.UNBOUNDED).join();
        List<CompletableFuture<ClipEmbedding>> crowd = new ArrayList<>();
        for (String s : new String[] {TestSpeech.SENTENCE_1, TestSpeech.SENTENCE_3}) {
            crowd.add(embedder.embed(TestSpeech.festival(s), List.of(), false, RequestScope.UNBOUNDED));
        }
        ClipEmbedding second =
                embedder.embed(clip, speech, true, RequestScope.UNBOUNDED).join();
        crowd.forEach(CompletableFuture::join);
        assertArrayEquals(first.vector(), second.vector());
        assertArrayEquals(
                first.segments().get(0).vector(), second.segments().get(0).vector());
        assertEquals(SpeechEmbedder.DIMENSION, first.vector().length);
        assertEquals(1.0, norm(first.vector()), 1e-5);
        assertEquals("openwakeword-embedding@0.1.1#r1", first.spaceId());
    }

    @Test
    void eachSpeechSegmentGetsItsOwnVectorAndTheClipPoolsTheSpeech() {
        MonoAudio s1 = TestSpeech.festival(TestSpeech.SENTENCE_1);
        MonoAudio s3 = TestSpeech.festival(TestSpeech.SENTENCE_3);
        MonoAudio clip = new MonoAudio(
                TestSpeech.concat(
                        TestSpeech.silence(1.5),
                        s1.samples(),
                        TestSpeech.silence(2),
                        s3.samples(),
                        TestSpeech.silence(1)),
                TestSpeech.RATE);
        List<SpeechSpan> speech = vad.detectSpeech(clip, SpeechSegmenter.Config.defaults(), RequestScope.UNBOUNDED)
                .join();
        ClipEmbedding embedded =
                embedder.embed(clip, speech, true, RequestScope.UNBOUNDED).join();
        assertEquals(2, speech.size(), speech.toString());
        assertEquals(2, embedded.segments().size());
        assertTrue(embedded.pooledOverSpeech());
        float[] alone1 = embedSpeech(s1).vector();
        float[] alone3 = embedSpeech(s3).vector();
        for (int i = 0; i < 2; i++) {
            ClipEmbedding.SegmentEmbedding segment = embedded.segments().get(i);
            assertEquals(speech.get(i), segment.segment());
            assertEquals(SpeechEmbedder.DIMENSION, segment.vector().length);
            assertEquals(1.0, norm(segment.vector()), 1e-5);
            assertTrue(segment.windows() > 30, "a 4 s sentence has ~50 windows: " + segment.windows());
        }
        double c11 = TestSpeech.cosine(embedded.segments().get(0).vector(), alone1);
        double c13 = TestSpeech.cosine(embedded.segments().get(0).vector(), alone3);
        double c33 = TestSpeech.cosine(embedded.segments().get(1).vector(), alone3);
        double c31 = TestSpeech.cosine(embedded.segments().get(1).vector(), alone1);
        assertTrue(
                c11 > c13 && c33 > c31,
                String.format(
                        Locale.ROOT,
                        "segment 1 vs sentence 1 alone %.4f, vs"
                                + " sentence 3 alone %.4f; segment 2 vs sentence 3 alone %.4f, vs sentence 1 alone %.4f",
                        c11,
                        c13,
                        c33,
                        c31));
        // the clip's vector pools the speech windows only: silence does not dilute it
        ClipEmbedding whole =
                embedder.embed(clip, List.of(), false, RequestScope.UNBOUNDED).join();
        assertFalse(whole.pooledOverSpeech());
        assertTrue(whole.segments().isEmpty());
        assertFalse(java.util.Arrays.equals(embedded.vector(), whole.vector()));
    }

    @Test
    void shortClipsArePaddedToOneWindowAndTooShortOnesRefused() {
        float[] sentence = TestSpeech.festival(TestSpeech.SENTENCE_1).samples();
        long[] extent = TestSpeech.energyExtent(sentence);
        MonoAudio word = new MonoAudio(
                java.util.Arrays.copyOfRange(sentence, (int) extent[0], (int) extent[0] + 4800), TestSpeech.RATE);
        ClipEmbedding embedded =
                embedder.embed(word, List.of(), false, RequestScope.UNBOUNDED).join();
        assertTrue(embedded.padded());
        assertEquals(1, embedded.windows());
        assertEquals(1.0, norm(embedded.vector()), 1e-5);
        WindowEmbeddings windows =
                embedder.embedWindows(word, RequestScope.UNBOUNDED).join();
        assertEquals(2400, windows.centreSamples()[0], "the 300 ms clip sits in the middle of the window");

        IllegalArgumentException tooShort = assertThrows(
                IllegalArgumentException.class,
                () -> embedder.embed(new MonoAudio(new float[300], 16000), List.of(), false, RequestScope.UNBOUNDED));
        assertTrue(tooShort.getMessage().contains("too short"), tooShort.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> embedder.embed(new MonoAudio(new float[32000], 22050), List.of(), false, RequestScope.UNBOUNDED));
    }

    @Test
    void longClipsCutIntoSeveralMelCallsGiveTheOneCallResult() throws IOException {
        ModelDescriptor descriptor = embedder.descriptor();
        Properties properties = new Properties();
        java.nio.file.Path file = descriptor.directory().resolve(ServingProperties.FILE_NAME);
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        properties.setProperty("melspectrogram.chunk.frames", "97");
        properties.setProperty("embedding.chunk.windows", "5");
        MonoAudio clip = new MonoAudio(
                TestSpeech.concat(
                        TestSpeech.silence(0.3),
                        TestSpeech.festival(TestSpeech.SENTENCE_3).samples()),
                TestSpeech.RATE);
        WindowEmbeddings oneCall =
                embedder.embedWindows(clip, RequestScope.UNBOUNDED).join();
        try (SpeechEmbedder chunked = SpeechEmbedder.open(
                new ModelDescriptor(descriptor.name(), descriptor.version(), descriptor.directory(), properties),
                stage -> BatchMetrics.NONE)) {
            WindowEmbeddings pieces =
                    chunked.embedWindows(clip, RequestScope.UNBOUNDED).join();
            assertEquals(oneCall.size(), pieces.size());
            assertArrayEquals(oneCall.centreSamples(), pieces.centreSamples());
            double maxDiff = 0;
            double maxValue = 0;
            for (int w = 0; w < oneCall.size(); w++) {
                for (int d = 0; d < SpeechEmbedder.DIMENSION; d++) {
                    maxDiff = Math.max(maxDiff, Math.abs(oneCall.vectors()[w][d] - pieces.vectors()[w][d]));
                    maxValue = Math.max(maxValue, Math.abs(oneCall.vectors()[w][d]));
                }
            }
            assertTrue(maxDiff < 1e-3 * maxValue, "max diff " + maxDiff + " (values up to " + maxValue + ")");
        }
    }

    @Test
    void windowsOfSeveralClipsShareEmbeddingCalls() {
        EMBEDDING_BATCHES.clear();
        List<CompletableFuture<WindowEmbeddings>> futures = new ArrayList<>();
        List<MonoAudio> clips = new ArrayList<>();
        // 2.5 s of each sentence: 22 windows, one batcher item per clip, so a batch of 2 holds two clips
        for (String s : new String[] {TestSpeech.SENTENCE_1, TestSpeech.SENTENCE_2, TestSpeech.SENTENCE_3}) {
            clips.add(
                    new MonoAudio(java.util.Arrays.copyOf(TestSpeech.festival(s).samples(), 40_000), 16_000));
        }
        List<WindowEmbeddings> alone = new ArrayList<>();
        for (MonoAudio clip : clips) {
            alone.add(embedder.embedWindows(clip, RequestScope.UNBOUNDED).join());
        }
        EMBEDDING_BATCHES.clear();
        for (MonoAudio clip : clips) {
            futures.add(embedder.embedWindows(clip, RequestScope.UNBOUNDED));
        }
        for (int i = 0; i < clips.size(); i++) {
            WindowEmbeddings together = futures.get(i).join();
            for (int w = 0; w < together.size(); w++) {
                assertArrayEquals(alone.get(i).vectors()[w], together.vectors()[w], 1e-4f);
            }
        }
        assertEquals(22, alone.get(0).size());
        assertTrue(
                EMBEDDING_BATCHES.stream().anyMatch(size -> size > 1),
                "windows of different clips share a call:" + " embedding batches of " + EMBEDDING_BATCHES + " items");
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * (double) x;
        }
        return Math.sqrt(sum);
    }
}
