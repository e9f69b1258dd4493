package io.crossmodal.audio.vad;

import static io.crossmodal.runtime.repository.ServingProperties.AUDIO_SAMPLE_RATE;
import static io.crossmodal.runtime.repository.ServingProperties.TASK;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_CHUNK_WINDOWS;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_CONTEXT_SAMPLES;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_MIN_SILENCE;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_MIN_SPEECH;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_NEG_THRESHOLD_OFFSET;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_SPEECH_PAD;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_STATE_SIZE;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_THRESHOLD;
import static io.crossmodal.runtime.repository.ServingProperties.VAD_WINDOW_SAMPLES;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.audio.MonoAudio;
import io.crossmodal.runtime.batch.BatchMetrics;
import io.crossmodal.runtime.batch.BatcherConfig;
import io.crossmodal.runtime.batch.DynamicBatcher;
import io.crossmodal.runtime.engine.ModelLoader;
import io.crossmodal.runtime.repository.ModelDescriptor;
import io.crossmodal.runtime.repository.ModelRepository;
import io.crossmodal.runtime.repository.ModelRepositoryException;
import io.crossmodal.runtime.repository.ServingProperties;
import io.crossmodal.runtime.repository.ServingProperties.Task;
import io.crossmodal.servicekit.call.RequestScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Silero voice-activity model (ONNX, {@code silero-vad} in the model repository) behind a {@link DynamicBatcher}.
 *
 * <p>The model is recurrent: each call takes 512 new samples at 16 kHz, preceded by the last 64 samples of the
 * previous window (the context; zeros at the start), plus the state {@code [2, 1, 128]} the previous call returned
 * (zeros at the start), and gives the speech probability of the 512 samples and the next state. So a {@link Stream}
 * holds one audio stream's state and context; it belongs to one request and is never shared.
 *
 * <p>Batching: rows of one call are independent streams, each with its own state row (measured: a stream's
 * probabilities in a batch equal its probabilities alone, bit for bit). The batcher's item is a chunk of up to
 * {@code vad.chunk.windows} consecutive windows of one stream (32 = 1.024 s); a batch stacks the chunks of several
 * streams and runs them window step by window step, one inference call per step with one row per stream that still
 * has a window. A stream submits its next chunk only when the previous one returned, since it needs the state. The
 * cost of a chunk is its audio in seconds (rounded, at least 1), so {@code batch.max.cost} bounds the seconds of audio
 * one batch carries.
 */
public final class SileroVad implements AutoCloseable {

    /** The model's name in the repository. */
    public static final String DEFAULT_MODEL = "silero-vad";

    public static final int SAMPLE_RATE = 16_000;
    public static final int WINDOW = 512;
    public static final int CONTEXT = 64;
    static final int STATE = 2 * 128;

    /** One stream's consecutive windows, with the state and context before the first. */
    record Chunk(float[] state, float[] context, float[] samples) {

        int windows() {
            return samples.length / WINDOW;
        }
    }

    /** A chunk's probabilities, one per window, and the state and context after its last window. */
    record ChunkResult(float[] probabilities, float[] state, float[] context) {}

    private final ModelDescriptor descriptor;
    private final ZooModel<NDList, NDList> model;
    private final Predictor<NDList, NDList> predictor;
    private final DynamicBatcher<Chunk, ChunkResult> batcher;
    private final int chunkWindows;

    private SileroVad(ModelDescriptor descriptor, ZooModel<NDList, NDList> model, BatchMetrics metrics) {
        this.descriptor = descriptor;
        this.model = model;
        this.predictor = model.newPredictor();
        ServingProperties settings = descriptor.settings();
        this.chunkWindows = settings.get(VAD_CHUNK_WINDOWS);
        BatcherConfig batching = new BatcherConfig(
                settings.get(ServingProperties.BATCH_MAX_SIZE, 16),
                settings.get(ServingProperties.BATCH_MAX_DELAY, Duration.ofMillis(2)),
                settings.get(ServingProperties.BATCH_QUEUE_CAPACITY, 256),
                settings.get(ServingProperties.BATCH_MAX_COST, 16L),
                BatcherConfig.CostModel.SUM,
                "seconds");
        this.batcher = new DynamicBatcher<>(descriptor.toString(), batching, this::runBatch, metrics);
    }

    /** Opens the newest prepared version of {@value #DEFAULT_MODEL}. */
    public static SileroVad open(ModelRepository repository, BatchMetrics metrics) {
        return open(repository.get(DEFAULT_MODEL, Optional.empty()), metrics);
    }

    /**
     * Loads the model of {@code descriptor} on ONNX Runtime.
     *
     * @throws ModelRepositoryException when the descriptor is not a 16 kHz Silero model with 512-sample windows, 64
     *     samples of context and a 2x128 state, or the model cannot be loaded
     */
    public static SileroVad open(ModelDescriptor descriptor, BatchMetrics metrics) {
        descriptor
                .settings()
                .requireValues(
                        "the Silero VAD code",
                        TASK.is(Task.VOICE_ACTIVITY.label()),
                        AUDIO_SAMPLE_RATE.is(SAMPLE_RATE),
                        VAD_WINDOW_SAMPLES.is(WINDOW),
                        VAD_CONTEXT_SAMPLES.is(CONTEXT),
                        VAD_STATE_SIZE.is(STATE / 2));
        ZooModel<NDList, NDList> model = ModelLoader.load(descriptor);
        try {
            return new SileroVad(descriptor, model, metrics);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    public BatcherConfig batching() {
        return batcher.config();
    }

    /** Windows per batcher item. */
    public int chunkWindows() {
        return chunkWindows;
    }

    /** Segmentation defaults of the model's {@code serving.properties} ({@code vad.*}), else Silero's. */
    public SpeechSegmenter.Config defaultConfig() {
        ServingProperties settings = descriptor.settings();
        float threshold = settings.get(VAD_THRESHOLD);
        float offset = settings.get(VAD_NEG_THRESHOLD_OFFSET);
        return new SpeechSegmenter.Config(
                threshold,
                Math.min(threshold, Math.max(threshold - offset, 0.01f)),
                Math.toIntExact(settings.get(VAD_MIN_SPEECH).toMillis()),
                Math.toIntExact(settings.get(VAD_MIN_SILENCE).toMillis()),
                Math.toIntExact(settings.get(VAD_SPEECH_PAD).toMillis()));
    }

    /**
     * The settings of a {@code DetectSpeechRequest}: a 0 (proto's unset) takes this model's default
     * ({@link #defaultConfig()}); the negative threshold is {@code max(threshold - offset, 0.01)}.
     *
     * @throws IllegalArgumentException for a threshold outside (0, 1] or a negative duration
     */
    public SpeechSegmenter.Config config(float threshold, int minSpeechMs, int minSilenceMs) {
        SpeechSegmenter.Config d = defaultConfig();
        float offset = descriptor.settings().get(VAD_NEG_THRESHOLD_OFFSET);
        float t = threshold == 0 ? d.threshold() : threshold;
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        float neg = threshold == 0 ? d.negThreshold() : Math.min(t, Math.max(t - offset, 0.01f));
        return new SpeechSegmenter.Config(
                t,
                neg,
                minSpeechMs == 0 ? d.minSpeechMs() : minSpeechMs,
                minSilenceMs == 0 ? d.minSilenceMs() : minSilenceMs,
                d.speechPadMs());
    }

    /** A new stream: zero state, zero context. One per request or streaming call; never shared. */
    public Stream newStream() {
        return new Stream();
    }

    /**
     * Speech probability of every 512-sample window of a 16 kHz clip, the last one zero-padded; a fresh stream runs
     * the clip, so no state is carried over from other calls.
     */
    public CompletableFuture<float[]> speechProbabilities(MonoAudio clip, RequestScope scope) {
        requireRate(clip);
        Stream stream = newStream();
        return stream.accept(clip.samples(), scope)
                .thenCompose(head -> stream.finish(scope).thenApply(tail -> concat(head, tail)));
    }

    /** The speech segments of a 16 kHz clip. */
    public CompletableFuture<List<SpeechSpan>> detectSpeech(
            MonoAudio clip, SpeechSegmenter.Config config, RequestScope scope) {
        return speechProbabilities(clip, scope)
                .thenApply(p -> SpeechSegmenter.segment(p, clip.samples().length, config));
    }

    /** Runs one chunk of zeros through the model, so the first request does not pay for ORT's first run. */
    public void warmUp() {
        run(new Chunk(new float[STATE], new float[CONTEXT], new float[WINDOW * 2]), RequestScope.UNBOUNDED)
                .join();
    }

    private static void requireRate(MonoAudio audio) {
        if (audio.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("the voice-activity model takes " + SAMPLE_RATE + " Hz audio, got "
                    + audio.sampleRate() + " Hz: resample first");
        }
    }

    /** Queues one chunk. Package-private: tests drive the state directly. */
    CompletableFuture<ChunkResult> run(Chunk chunk, RequestScope scope) {
        long cost = Math.max(1, Math.round((double) chunk.samples().length / SAMPLE_RATE));
        return batcher.submit(chunk, cost, scope);
    }

    /** Runs the chunks of several streams step by step. Called on the batcher's thread only. */
    private List<ChunkResult> runBatch(List<Chunk> chunks) throws Exception {
        int n = chunks.size();
        float[][] states = new float[n][];
        float[][] contexts = new float[n][];
        float[][] probabilities = new float[n][];
        int steps = 0;
        for (int b = 0; b < n; b++) {
            Chunk c = chunks.get(b);
            states[b] = c.state().clone();
            contexts[b] = c.context().clone();
            probabilities[b] = new float[c.windows()];
            steps = Math.max(steps, c.windows());
        }
        int[] rows = new int[n];
        for (int t = 0; t < steps; t++) {
            int r = 0;
            for (int b = 0; b < n; b++) {
                if (chunks.get(b).windows() > t) {
                    rows[r++] = b;
                }
            }
            float[] x = new float[r * (CONTEXT + WINDOW)];
            float[] state = new float[2 * r * 128];
            for (int i = 0; i < r; i++) {
                int b = rows[i];
                int offset = i * (CONTEXT + WINDOW);
                System.arraycopy(contexts[b], 0, x, offset, CONTEXT);
                System.arraycopy(chunks.get(b).samples(), t * WINDOW, x, offset + CONTEXT, WINDOW);
                for (int layer = 0; layer < 2; layer++) {
                    System.arraycopy(states[b], layer * 128, state, (layer * r + i) * 128, 128);
                }
            }
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray input = manager.create(x, new Shape(r, CONTEXT + WINDOW));
                input.setName("input");
                NDArray stateIn = manager.create(state, new Shape(2, r, 128));
                stateIn.setName("state");
                NDArray sr = manager.create((long) SAMPLE_RATE);
                sr.setName("sr");
                NDList out = predictor.predict(new NDList(input, stateIn, sr));
                NDArray probabilityOut = out.contains("output") ? out.get("output") : out.get(0);
                NDArray stateOut = out.contains("stateN") ? out.get("stateN") : out.get(1);
                float[] p = probabilityOut.toFloatArray();
                float[] s = stateOut.toFloatArray();
                if (p.length != r || s.length != 2 * r * 128) {
                    throw new IllegalStateException("Model " + descriptor + " returned " + probabilityOut.getShape()
                            + " and " + stateOut.getShape() + " for " + r + " rows");
                }
                for (int i = 0; i < r; i++) {
                    int b = rows[i];
                    probabilities[b][t] = p[i];
                    for (int layer = 0; layer < 2; layer++) {
                        System.arraycopy(s, (layer * r + i) * 128, states[b], layer * 128, 128);
                    }
                    System.arraycopy(x, i * (CONTEXT + WINDOW) + WINDOW, contexts[b], 0, CONTEXT);
                }
            }
        }
        List<ChunkResult> results = new ArrayList<>(n);
        for (int b = 0; b < n; b++) {
            results.add(new ChunkResult(probabilities[b], states[b], contexts[b]));
        }
        return results;
    }

    static float[] concat(float[] a, float[] b) {
        float[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Override
    public void close() {
        batcher.close();
        predictor.close();
        model.close();
    }

    /**
     * One audio stream through the model: samples go in as they arrive, probabilities come out per complete window.
     * Holds the recurrent state, the 64-sample context and the samples of an incomplete window. One call at a time:
     * a call made while the previous one is still running fails with {@link IllegalStateException}. A call that fails
     * (full queue, deadline, cancellation) leaves the stream unusable, since audio and state were lost: later calls
     * fail with {@link IllegalStateException}; start a new stream.
     */
    public final class Stream {

        private float[] state = new float[STATE];
        private float[] context = new float[CONTEXT];
        private float[] buffer = new float[WINDOW * 4];
        private int buffered;
        private long samplesReceived;
        private long windowsProcessed;
        private boolean finished;
        private volatile Throwable failure;
        private final AtomicBoolean busy = new AtomicBoolean();

        private Stream() {}

        /** Samples handed to {@link #accept} so far. */
        public long samplesReceived() {
            return samplesReceived;
        }

        /** Windows whose probability was returned so far. */
        public long windowsProcessed() {
            return windowsProcessed;
        }

        /**
         * Appends 16 kHz samples; completes with the probabilities of the windows they completed (possibly none),
         * in order. Samples of an incomplete window wait for the next call or {@link #finish}.
         */
        public CompletableFuture<float[]> accept(float[] samples, RequestScope scope) {
            begin();
            try {
                if (buffered + samples.length > buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + samples.length));
                }
                System.arraycopy(samples, 0, buffer, buffered, samples.length);
                buffered += samples.length;
                samplesReceived += samples.length;
                int windows = buffered / WINDOW;
                float[] ready = Arrays.copyOf(buffer, windows * WINDOW);
                System.arraycopy(buffer, windows * WINDOW, buffer, 0, buffered - windows * WINDOW);
                buffered -= windows * WINDOW;
                return runChunks(ready, 0, new float[windows], scope).whenComplete((r, e) -> end(e));
            } catch (RuntimeException e) {
                end(e);
                throw e;
            }
        }

        /**
         * Ends the stream: the samples of an incomplete last window, zero-padded, give one more probability (none when
         * there are none). Later calls fail.
         */
        public CompletableFuture<float[]> finish(RequestScope scope) {
            begin();
            finished = true;
            if (buffered == 0) {
                end(null);
                return CompletableFuture.completedFuture(new float[0]);
            }
            float[] last = Arrays.copyOf(buffer, WINDOW);
            buffered = 0;
            return runChunks(last, 0, new float[1], scope).whenComplete((r, e) -> end(e));
        }

        private void begin() {
            if (failure != null) {
                throw new IllegalStateException("the stream failed earlier and its state is lost: " + failure, failure);
            }
            if (finished) {
                throw new IllegalStateException("the stream is finished");
            }
            if (!busy.compareAndSet(false, true)) {
                throw new IllegalStateException("a call on this stream is still running: one call at a time");
            }
        }

        private void end(Throwable error) {
            if (error != null) {
                failure = error;
            }
            busy.set(false);
        }

        /** Runs {@code samples} from {@code from} in chunks, each after the previous one returned its state. */
        private CompletableFuture<float[]> runChunks(float[] samples, int from, float[] out, RequestScope scope) {
            if (from >= samples.length) {
                return CompletableFuture.completedFuture(out);
            }
            int to = Math.min(samples.length, from + chunkWindows * WINDOW);
            Chunk chunk = new Chunk(state, context, Arrays.copyOfRange(samples, from, to));
            return run(chunk, scope).thenCompose(result -> {
                state = result.state();
                context = result.context();
                System.arraycopy(result.probabilities(), 0, out, from / WINDOW, result.probabilities().length);
                windowsProcessed += result.probabilities().length;
                return runChunks(samples, to, out, scope);
            });
        }
    }
}
