package io.crossmodal.audio.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.crossmodal.audio.MonoAudio;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.servicekit.call.RequestScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silero VAD from the prepared model repository on speech synthesised by Festival (see {@link TestSpeech}), placed
 * inside silence: 1.5 s silence, sentence 1, 2 s silence, sentence 2, 1 s silence.
 */
public class SileroVadTest {

    static final ConcurrentLinkedQueue<Integer> BATCH_SIZES = new ConcurrentLinkedQueue<>();

    static SileroVad vad;
    static MonoAudio clip;
    /** Where the two sentences really are in {@link #clip}, by energy: {start1, end1, start2, end2}. */
    static long[] truth;

    @BeforeAll
    static void open() {
        vad = SileroVad.open(TestSpeech.repository(), new BatchMetrics() {
            @Override
            public void batchStarted(int size, long cost) {
                BATCH_SIZES.add(size);
            }
        });
        vad.warmUp();
        float[] s1 = TestSpeech.festival(TestSpeech.SENTENCE_1).samples();
        float[] s2 = TestSpeech.festival(TestSpeech.SENTENCE_2).samples();
        long[] e1 = TestSpeech.energyExtent(s1);
        long[] e2 = TestSpeech.energyExtent(s2);
        float[] lead = TestSpeech.silence(1.5);
        float[] gap = TestSpeech.silence(2.0);
        clip = new MonoAudio(TestSpeech.concat(lead, s1, gap, s2, TestSpeech.silence(1.0)), TestSpeech.RATE);
        long o1 = lead.length;
        long o2 = (long) lead.length + s1.length + gap.length;
        truth = new long[] {o1 + e1[0], o1 + e1[1], o2 + e2[0], o2 + e2[1]};
    }

    @AfterAll
    static void close() {
        if (vad != null) {
            vad.close();
        }
    }

    static String ms(long samples) {
        return samples * 1000 / TestSpeech.RATE + " ms";
    }

    @Test
    void findsEachSentenceWithin100MillisecondsOfWhereItReallyIs() {
        float[] p = vad.speechProbabilities(clip, RequestScope.UNBOUNDED).join();
        List<SpeechSpan> segments =
                SpeechSegmenter.segment(p, clip.samples().length, SpeechSegmenter.Config.defaults());
        assertEquals((clip.samples().length + 511) / 512, p.length);
        assertEquals(
                2,
                segments.size(),
                String.format(
                        "truth: [%s, %s) and [%s, %s); found: %s; probabilities" + " ('#' >= 0.5, '+' >= 0.35): %s",
                        ms(truth[0]), ms(truth[1]), ms(truth[2]), ms(truth[3]), segments, bar(p)));
        for (int i = 0; i < 2; i++) {
            SpeechSpan s = segments.get(i);
            long startError = s.startSample() - truth[2 * i];
            long endError = s.endSample() - truth[2 * i + 1];
            assertTrue(Math.abs(startError) <= 1600, "start of sentence " + (i + 1) + " off by " + ms(startError));
            assertTrue(Math.abs(endError) <= 1600, "end of sentence " + (i + 1) + " off by " + ms(endError));
            assertTrue(s.confidence() > 0.8, "confidence " + s.confidence());
        }
        // the silences around the sentences stay silent
        for (int w = 0; w < 40; w++) {
            assertTrue(p[w] < 0.1, "lead-in window " + w + ": " + p[w]);
        }
        assertEquals(
                segments,
                vad.detectSpeech(clip, SpeechSegmenter.Config.defaults(), RequestScope.UNBOUNDED)
                        .join());
    }

    static String bar(float[] p) {
        StringBuilder s = new StringBuilder(p.length);
        for (float v : p) {
            s.append(v >= 0.5 ? '#' : v >= 0.35 ? '+' : '.');
        }
        return s.toString();
    }

    @Test
    void requestSettingsTakeTheModelsDefaultsForZeros() {
        assertEquals(SpeechSegmenter.Config.defaults(), vad.defaultConfig());
        assertEquals(vad.defaultConfig(), vad.config(0, 0, 0));
        SpeechSegmenter.Config custom = vad.config(0.7f, 500, 0);
        assertEquals(0.7f, custom.threshold());
        assertEquals(0.55f, custom.negThreshold(), 1e-6);
        assertEquals(500, custom.minSpeechMs());
        assertEquals(100, custom.minSilenceMs());
        assertThrows(IllegalArgumentException.class, () -> vad.config(1.5f, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> vad.config(0.5f, -1, 0));
        // a minimum silence longer than the 2 s gap between the sentences makes them one segment
        List<SpeechSpan> merged = vad.detectSpeech(clip, vad.config(0, 0, 2500), RequestScope.UNBOUNDED)
                .join();
        assertEquals(1, merged.size(), merged.toString());
    }

    @Test
    void silenceAndLowNoiseGiveNoSegment() {
        for (double amplitude : new double[] {0, 0.001, 0.003, 0.01}) {
            MonoAudio quiet = new MonoAudio(TestSpeech.noise(4, amplitude, 42), TestSpeech.RATE);
            float[] p = vad.speechProbabilities(quiet, RequestScope.UNBOUNDED).join();
            List<SpeechSpan> segments =
                    SpeechSegmenter.segment(p, quiet.samples().length, SpeechSegmenter.Config.defaults());
            float max = 0;
            for (float v : p) {
                max = Math.max(max, v);
            }
            assertTrue(segments.isEmpty(), "noise " + amplitude + " (max probability " + max + "): " + segments);
        }
    }

    @Test
    void theRecurrentStateMatters() {
        float[] carried = vad.speechProbabilities(clip, RequestScope.UNBOUNDED).join();
        // the same windows with the same 64-sample context, but the state reset to zeros before every window
        float[] samples = Arrays.copyOf(clip.samples(), carried.length * 512);
        float[] reset = new float[carried.length];
        float[] context = new float[SileroVad.CONTEXT];
        for (int w = 0; w < carried.length; w++) {
            float[] window = Arrays.copyOfRange(samples, w * 512, (w + 1) * 512);
            reset[w] = vad.run(new SileroVad.Chunk(new float[SileroVad.STATE], context, window), RequestScope.UNBOUNDED)
                    .join()
                    .probabilities()[0];
            context = Arrays.copyOfRange(window, 512 - SileroVad.CONTEXT, 512);
        }
        double meanDiff = 0;
        double maxDiff = 0;
        int speechCarried = 0;
        int speechReset = 0;
        for (int w = 0; w < carried.length; w++) {
            double d = Math.abs(carried[w] - reset[w]);
            meanDiff += d / carried.length;
            maxDiff = Math.max(maxDiff, d);
            speechCarried += carried[w] >= 0.5 ? 1 : 0;
            speechReset += reset[w] >= 0.5 ? 1 : 0;
        }
        List<SpeechSpan> resetSegments =
                SpeechSegmenter.segment(reset, clip.samples().length, SpeechSegmenter.Config.defaults());
        assertTrue(meanDiff > 0.1, "mean difference " + meanDiff + ", max " + maxDiff);
        assertTrue(
                speechReset < speechCarried * 0.8,
                speechReset + " vs " + speechCarried + " windows >= 0.5;" + " state reset every window: " + bar(reset)
                        + ", segments " + resetSegments);
    }

    @Test
    void streamingInPiecesGivesTheSameProbabilitiesAndSegments() {
        float[] offline = vad.speechProbabilities(clip, RequestScope.UNBOUNDED).join();
        List<SpeechSpan> offlineSegments =
                SpeechSegmenter.segment(offline, clip.samples().length, SpeechSegmenter.Config.defaults());
        Random random = new Random(3);
        StreamingSpeechDetector detector = new StreamingSpeechDetector(vad, SpeechSegmenter.Config.defaults());
        SileroVad.Stream stream = vad.newStream();
        List<SpeechSpan> streamed = new ArrayList<>();
        float[] probabilities = new float[0];
        float[] samples = clip.samples();
        long firstSegmentAt = -1;
        for (int i = 0; i < samples.length; ) {
            int k = Math.min(samples.length - i, 1 + random.nextInt(4000));
            float[] piece = Arrays.copyOfRange(samples, i, i + k);
            i += k;
            probabilities = SileroVad.concat(
                    probabilities, stream.accept(piece, RequestScope.UNBOUNDED).join());
            List<SpeechSpan> now =
                    detector.accept(piece, RequestScope.UNBOUNDED).join();
            if (!now.isEmpty() && firstSegmentAt < 0) {
                firstSegmentAt = i;
            }
            streamed.addAll(now);
        }
        probabilities = SileroVad.concat(
                probabilities, stream.finish(RequestScope.UNBOUNDED).join());
        streamed.addAll(detector.finish(RequestScope.UNBOUNDED).join());
        assertArrayEquals(offline, probabilities);
        assertEquals(offlineSegments, streamed);
        assertTrue(
                firstSegmentAt - streamed.get(0).endSample() < 8000,
                "the segment came out within 0.5 s: " + streamed.get(0) + " was out after " + ms(firstSegmentAt)
                        + " of audio");
        assertThrows(IllegalStateException.class, () -> stream.accept(new float[10], RequestScope.UNBOUNDED));
        assertThrows(
                IllegalArgumentException.class,
                () -> vad.speechProbabilities(new MonoAudio(new float[100], 8000), RequestScope.UNBOUNDED));
    }

    @Test
    void concurrentStreamsAreBatchedAndEachGetsItsOwnProbabilities() throws Exception {
        List<MonoAudio> clips = List.of(
                clip,
                new MonoAudio(TestSpeech.concat(TestSpeech.silence(0.7), clip.samples()), TestSpeech.RATE),
                new MonoAudio(TestSpeech.noise(5, 0.01, 5), TestSpeech.RATE),
                new MonoAudio(TestSpeech.festival(TestSpeech.SENTENCE_3).samples(), TestSpeech.RATE));
        List<float[]> alone = new ArrayList<>();
        for (MonoAudio c : clips) {
            alone.add(vad.speechProbabilities(c, RequestScope.UNBOUNDED).join());
        }
        BATCH_SIZES.clear();
        ExecutorService pool = Executors.newFixedThreadPool(clips.size());
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<float[]>> together = new ArrayList<>();
                for (MonoAudio c : clips) {
                    together.add(pool.submit(() ->
                            vad.speechProbabilities(c, RequestScope.UNBOUNDED).join()));
                }
                for (int i = 0; i < clips.size(); i++) {
                    assertArrayEquals(alone.get(i), together.get(i).get(), "clip " + i + " batched with others");
                }
            }
        } finally {
            pool.shutdown();
        }
        int max = BATCH_SIZES.stream().mapToInt(Integer::intValue).max().orElse(0);
        double mean = BATCH_SIZES.stream().mapToInt(Integer::intValue).average().orElse(0);
        assertTrue(
                max > 1,
                "some chunks of different streams ran in one batch: " + BATCH_SIZES.size() + " batches, mean " + mean
                        + " streams per batch, max " + max);
    }

    @Test
    void throughputPerBatchSize() {
        // one chunk of 32 windows (1.024 s) per stream, B streams per batch, directly on the batcher
        float[] audio = Arrays.copyOfRange(clip.samples(), 24000, 24000 + 32 * 512);
        for (int streams : new int[] {1, 4, 16}) {
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                List<CompletableFuture<SileroVad.ChunkResult>> futures = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int b = 0; b < streams; b++) {
                    futures.add(vad.run(
                            new SileroVad.Chunk(new float[SileroVad.STATE], new float[SileroVad.CONTEXT], audio),
                            RequestScope.UNBOUNDED));
                }
                futures.forEach(CompletableFuture::join);
                best = Math.min(best, System.nanoTime() - t0);
            }
            double perSecond = best / 1e9 / (streams * 1.024);
            assertTrue(
                    perSecond < 0.5,
                    "far faster than real time: " + streams + " streams per batch, " + perSecond
                            + " s per second of audio");
        }
    }
}
