package io.crossmodal.audio.embed;

import static io.crossmodal.runtime.repository.ServingProperties.AUDIO_INPUT_SCALE;
import static io.crossmodal.runtime.repository.ServingProperties.AUDIO_SAMPLE_RATE;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_CHUNK_WINDOWS;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_DIMENSION;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_WINDOW_FRAMES;
import static io.crossmodal.runtime.repository.ServingProperties.EMBEDDING_WINDOW_STEP_FRAMES;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_BINS;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_CHUNK_FRAMES;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_FILE;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_HOP_SAMPLES;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_TOP_DB;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_TRANSFORM;
import static io.crossmodal.runtime.repository.ServingProperties.MELSPECTROGRAM_WINDOW_SAMPLES;
import static io.crossmodal.runtime.repository.ServingProperties.PREPROCESSING_REVISION;
import static io.crossmodal.runtime.repository.ServingProperties.TASK;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import io.crossmodal.audio.MonoAudio;
import io.crossmodal.audio.embed.ClipEmbedding.SegmentEmbedding;
import io.crossmodal.audio.vad.SpeechSpan;
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
import java.util.function.Function;

/**
 * Speech embeddings with openWakeWord's feature models ({@code openwakeword-embedding} in the model repository): the
 * pipeline of openWakeWord's {@code AudioFeatures._get_embeddings} over a whole clip, then pooling.
 *
 * <ol>
 *   <li>The 16 kHz samples are put on the int16 scale (x 32768: openWakeWord feeds 16-bit PCM values as floats).</li>
 *   <li>{@code melspectrogram.onnx} gives 32 log-mel bins (dB) per frame, frames of 512 samples every 160 (10 ms),
 *       {@code floor((n - 512) / 160) + 1} of them, floored at the call's maximum minus 80 dB. Long clips are cut
 *       into calls of {@code melspectrogram.chunk.frames} frames (aligned on the 160-sample hop, overlapping by 352
 *       samples) and the floor is applied again with the maximum over the whole clip, which gives exactly the
 *       one-call result. Then {@code mel / 10 + 2}.</li>
 *   <li>{@code embedding_model.onnx} takes windows of 76 frames (12,512 samples, 782 ms) every 8 frames (80 ms), the
 *       last partial window dropped, and gives one 96-d vector per window.</li>
 *   <li>Pooling: a segment's vector is the mean of the windows centred in it, L2-normalised; the clip's vector the
 *       mean of the windows centred in any speech segment, or of all windows when no speech is given.</li>
 * </ol>
 *
 * <p>A clip shorter than one window (but at least 512 samples) is zero-padded on both sides to 12,512 samples and
 * gives one window; shorter than 512 samples (32 ms) it is refused.
 *
 * <p>Two batchers: the mel model runs one call per item (its dB floor is the maximum over the whole input tensor, so
 * rows of a batch would change each other's values); the embedding model stacks the windows of several clips in one
 * call (rows are independent). Costs are seconds of audio: a mel item costs its audio, an embedding item
 * {@code 0.08 s} per window; both rounded, at least 1.
 */
public final class SpeechEmbedder implements AutoCloseable {

    /** The model's name in the repository. */
    public static final String DEFAULT_MODEL = "openwakeword-embedding";

    public static final int SAMPLE_RATE = 16_000;
    public static final int MEL_BINS = 32;
    public static final int MEL_WINDOW = 512;
    public static final int MEL_HOP = 160;
    public static final int WINDOW_FRAMES = 76;
    public static final int WINDOW_STEP_FRAMES = 8;
    public static final int DIMENSION = 96;
    /** Samples one embedding window covers: 12,512. */
    public static final int WINDOW_SAMPLES = (WINDOW_FRAMES - 1) * MEL_HOP + MEL_WINDOW;
    /** The shortest clip embedded (one mel frame); shorter ones are refused. */
    public static final int MIN_SAMPLES = MEL_WINDOW;

    private final ModelDescriptor descriptor;
    private final String spaceId;
    private final float inputScale;
    private final float topDb;
    private final int melChunkFrames;
    private final int embeddingChunkWindows;
    private final ZooModel<NDList, NDList> melModel;
    private final ZooModel<NDList, NDList> embeddingModel;
    private final Predictor<NDList, NDList> melPredictor;
    private final Predictor<NDList, NDList> embeddingPredictor;
    private final DynamicBatcher<float[], float[]> melBatcher;
    private final DynamicBatcher<float[], float[]> embeddingBatcher;

    private SpeechEmbedder(
            ModelDescriptor descriptor,
            ZooModel<NDList, NDList> melModel,
            ZooModel<NDList, NDList> embeddingModel,
            Function<String, BatchMetrics> metrics) {
        this.descriptor = descriptor;
        ServingProperties settings = descriptor.settings();
        this.spaceId = descriptor.spaceId(settings.require(PREPROCESSING_REVISION));
        this.inputScale = settings.get(AUDIO_INPUT_SCALE);
        this.topDb = settings.get(MELSPECTROGRAM_TOP_DB);
        this.melChunkFrames = Math.max(WINDOW_FRAMES, settings.get(MELSPECTROGRAM_CHUNK_FRAMES));
        this.embeddingChunkWindows = settings.get(EMBEDDING_CHUNK_WINDOWS);
        this.melModel = melModel;
        this.embeddingModel = embeddingModel;
        this.melPredictor = melModel.newPredictor();
        this.embeddingPredictor = embeddingModel.newPredictor();
        int queueCapacity = settings.get(ServingProperties.BATCH_QUEUE_CAPACITY, 256);
        BatcherConfig melBatching = new BatcherConfig(
                1, Duration.ZERO, queueCapacity, Long.MAX_VALUE, BatcherConfig.CostModel.SUM, "seconds");
        BatcherConfig embeddingBatching = new BatcherConfig(
                settings.get(ServingProperties.BATCH_MAX_SIZE, 8),
                settings.get(ServingProperties.BATCH_MAX_DELAY, Duration.ofMillis(2)),
                queueCapacity,
                settings.get(ServingProperties.BATCH_MAX_COST, 16L),
                BatcherConfig.CostModel.SUM,
                "seconds");
        this.melBatcher = new DynamicBatcher<>(
                descriptor + "/melspectrogram", melBatching, this::runMel, metrics.apply("melspectrogram"));
        this.embeddingBatcher = new DynamicBatcher<>(
                descriptor + "/embedding", embeddingBatching, this::runEmbedding, metrics.apply("embedding"));
    }

    /** Opens the newest prepared version of {@value #DEFAULT_MODEL}, without metrics. */
    public static SpeechEmbedder open(ModelRepository repository) {
        return open(repository.get(DEFAULT_MODEL, Optional.empty()), stage -> BatchMetrics.NONE);
    }

    /**
     * Loads both models of {@code descriptor} on ONNX Runtime.
     *
     * @param metricsByStage batch metrics per stage, called once with {@code "melspectrogram"} and once with
     *     {@code "embedding"}
     * @throws ModelRepositoryException when the descriptor does not describe openWakeWord's feature models as this
     *     code runs them (16 kHz, 32 bins, 512/160 frames, 76/8 windows, 96-d, x/10+2), or a model cannot be loaded
     */
    public static SpeechEmbedder open(ModelDescriptor descriptor, Function<String, BatchMetrics> metricsByStage) {
        descriptor
                .settings()
                .requireValues(
                        "the openWakeWord embedding code",
                        TASK.is(Task.SPEECH_EMBEDDING.label()),
                        AUDIO_SAMPLE_RATE.is(SAMPLE_RATE),
                        MELSPECTROGRAM_BINS.is(MEL_BINS),
                        MELSPECTROGRAM_WINDOW_SAMPLES.is(MEL_WINDOW),
                        MELSPECTROGRAM_HOP_SAMPLES.is(MEL_HOP),
                        MELSPECTROGRAM_TRANSFORM.is("x/10+2"),
                        EMBEDDING_WINDOW_FRAMES.is(WINDOW_FRAMES),
                        EMBEDDING_WINDOW_STEP_FRAMES.is(WINDOW_STEP_FRAMES),
                        EMBEDDING_DIMENSION.is(DIMENSION));
        ZooModel<NDList, NDList> mel = ModelLoader.load(descriptor.withModelFile(MELSPECTROGRAM_FILE));
        ZooModel<NDList, NDList> embedding = null;
        try {
            embedding = ModelLoader.load(descriptor);
            return new SpeechEmbedder(descriptor, mel, embedding, metricsByStage);
        } catch (RuntimeException e) {
            mel.close();
            if (embedding != null) {
                embedding.close();
            }
            throw e;
        }
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** {@code <model>@<version>#<revision>}, e.g. {@code openwakeword-embedding@0.1.1#r1}. */
    public String spaceId() {
        return spaceId;
    }

    public int dimension() {
        return DIMENSION;
    }

    /** The embedding model's batching (the mel model runs one item per call). */
    public BatcherConfig batching() {
        return embeddingBatcher.config();
    }

    public BatcherConfig melBatching() {
        return melBatcher.config();
    }

    /** Runs a one-window clip through both models, so the first request does not pay for ORT's first runs. */
    public void warmUp() {
        embedWindows(new MonoAudio(new float[WINDOW_SAMPLES], SAMPLE_RATE), RequestScope.UNBOUNDED)
                .join();
    }

    /**
     * Embeds a clip: the clip's vector and, when {@code perSegment}, one per segment of {@code speech}.
     *
     * @param speech the clip's speech segments (from the voice-activity detector); empty pools the whole clip
     * @throws IllegalArgumentException when the clip is not 16 kHz or is shorter than {@value #MIN_SAMPLES} samples
     */
    public CompletableFuture<ClipEmbedding> embed(
            MonoAudio clip, List<SpeechSpan> speech, boolean perSegment, RequestScope scope) {
        List<SpeechSpan> spans = List.copyOf(speech);
        return embedWindows(clip, scope).thenApply(windows -> pool(windows, spans, perSegment));
    }

    /** Pools window embeddings as {@link #embed} does. */
    ClipEmbedding pool(WindowEmbeddings windows, List<SpeechSpan> speech, boolean perSegment) {
        boolean[] inSpeech = new boolean[windows.size()];
        List<SegmentEmbedding> segments = new ArrayList<>(perSegment ? speech.size() : 0);
        for (SpeechSpan span : speech) {
            int[] picked = windowsOf(windows, span.startSample(), span.endSample());
            for (int i : picked) {
                inSpeech[i] = true;
            }
            if (perSegment) {
                segments.add(new SegmentEmbedding(span, meanNormalized(windows.vectors(), picked), picked.length));
            }
        }
        int[] pooled = speech.isEmpty() ? allIndices(windows.size()) : indicesOf(inSpeech);
        return new ClipEmbedding(
                meanNormalized(windows.vectors(), pooled),
                !speech.isEmpty(),
                segments,
                windows.size(),
                windows.padded(),
                spaceId);
    }

    /** Windows centred in {@code [start, end)}; else the one centred nearest to its middle. */
    static int[] windowsOf(WindowEmbeddings windows, long start, long end) {
        long[] centres = windows.centreSamples();
        int[] picked = java.util.stream.IntStream.range(0, centres.length)
                .filter(i -> centres[i] >= start && centres[i] < end)
                .toArray();
        if (picked.length > 0) {
            return picked;
        }
        double middle = (start + end) / 2.0;
        int nearest = 0;
        for (int i = 1; i < centres.length; i++) {
            if (Math.abs(centres[i] - middle) < Math.abs(centres[nearest] - middle)) {
                nearest = i;
            }
        }
        return new int[] {nearest};
    }

    private static int[] allIndices(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] indicesOf(boolean[] mask) {
        return java.util.stream.IntStream.range(0, mask.length)
                .filter(i -> mask[i])
                .toArray();
    }

    /** Mean of the picked vectors, L2-normalised (in plain Java: see DESIGN.md on DJL's Rust engine norm). */
    static float[] meanNormalized(float[][] vectors, int[] picked) {
        double[] sum = new double[DIMENSION];
        for (int i : picked) {
            for (int d = 0; d < DIMENSION; d++) {
                sum[d] += vectors[i][d];
            }
        }
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[DIMENSION];
        if (norm == 0) {
            return out;
        }
        for (int d = 0; d < DIMENSION; d++) {
            out[d] = (float) (sum[d] / norm);
        }
        return out;
    }

    /**
     * The raw window embeddings of a clip.
     *
     * @throws IllegalArgumentException when the clip is not 16 kHz or is shorter than {@value #MIN_SAMPLES} samples
     */
    public CompletableFuture<WindowEmbeddings> embedWindows(MonoAudio clip, RequestScope scope) {
        if (clip.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("the speech-embedding model takes " + SAMPLE_RATE + " Hz audio, got "
                    + clip.sampleRate() + " Hz: resample first");
        }
        int n = clip.samples().length;
        if (n < MIN_SAMPLES) {
            throw new IllegalArgumentException("the clip is too short to embed: " + n + " samples ("
                    + (n * 1000L / SAMPLE_RATE) + " ms); the speech-embedding model needs at least " + MIN_SAMPLES
                    + " samples (32 ms) at 16 kHz");
        }
        boolean padded = n < WINDOW_SAMPLES;
        int total = Math.max(n, WINDOW_SAMPLES);
        int before = padded ? (total - n) / 2 : 0;
        float[] x = new float[total];
        float[] samples = clip.samples();
        for (int i = 0; i < n; i++) {
            x[before + i] = samples[i] * inputScale;
        }
        int frames = (total - MEL_WINDOW) / MEL_HOP + 1;
        List<CompletableFuture<float[]>> parts = new ArrayList<>();
        for (int f0 = 0; f0 < frames; f0 += melChunkFrames) {
            int f1 = Math.min(frames, f0 + melChunkFrames);
            float[] part = Arrays.copyOfRange(x, f0 * MEL_HOP, (f1 - 1) * MEL_HOP + MEL_WINDOW);
            parts.add(melBatcher.submit(part, seconds(part.length), scope));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenCompose(done -> embedMel(joinMel(parts, frames), frames, before, padded, scope));
    }

    /** Concatenates the mel chunks, then floors at the clip's maximum minus top.db and applies x/10+2. */
    private float[] joinMel(List<CompletableFuture<float[]>> parts, int frames) {
        float[] mel = new float[frames * MEL_BINS];
        int at = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (CompletableFuture<float[]> part : parts) {
            float[] values = part.join();
            System.arraycopy(values, 0, mel, at, values.length);
            at += values.length;
            for (float v : values) {
                max = Math.max(max, v);
            }
        }
        if (at != mel.length) {
            throw new IllegalStateException(
                    "mel model of " + descriptor + " gave " + at / MEL_BINS + " frames, " + "expected " + frames);
        }
        float floor = max - topDb;
        for (int i = 0; i < mel.length; i++) {
            mel[i] = Math.max(mel[i], floor) / 10f + 2f;
        }
        return mel;
    }

    private CompletableFuture<WindowEmbeddings> embedMel(
            float[] mel, int frames, int before, boolean padded, RequestScope scope) {
        int windows = (frames - WINDOW_FRAMES) / WINDOW_STEP_FRAMES + 1;
        int windowValues = WINDOW_FRAMES * MEL_BINS;
        List<CompletableFuture<float[]>> parts = new ArrayList<>();
        for (int w0 = 0; w0 < windows; w0 += embeddingChunkWindows) {
            int count = Math.min(embeddingChunkWindows, windows - w0);
            float[] item = new float[count * windowValues];
            for (int k = 0; k < count; k++) {
                System.arraycopy(mel, (w0 + k) * WINDOW_STEP_FRAMES * MEL_BINS, item, k * windowValues, windowValues);
            }
            parts.add(embeddingBatcher.submit(
                    item, Math.max(1, Math.round(count * WINDOW_STEP_FRAMES * MEL_HOP / (double) SAMPLE_RATE)), scope));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            float[][] vectors = new float[windows][];
            long[] centres = new long[windows];
            int w = 0;
            for (CompletableFuture<float[]> part : parts) {
                float[] values = part.join();
                for (int k = 0; k < values.length / DIMENSION; k++, w++) {
                    vectors[w] = Arrays.copyOfRange(values, k * DIMENSION, (k + 1) * DIMENSION);
                    centres[w] = (long) w * WINDOW_STEP_FRAMES * MEL_HOP + WINDOW_SAMPLES / 2 - before;
                }
            }
            return new WindowEmbeddings(vectors, centres, padded);
        });
    }

    private static long seconds(int samples) {
        return Math.max(1, Math.round(samples / (double) SAMPLE_RATE));
    }

    /** One mel call per item (see the class comment). Called on the mel batcher's thread only. */
    private List<float[]> runMel(List<float[]> items) throws Exception {
        List<float[]> out = new ArrayList<>(items.size());
        for (float[] samples : items) {
            try (NDManager manager = melModel.getNDManager().newSubManager()) {
                NDArray input = manager.create(samples, new Shape(1, samples.length));
                input.setName("input");
                NDList result = melPredictor.predict(new NDList(input));
                NDArray mel = result.get(0);
                long[] shape = mel.getShape().getShape();
                long expected = (samples.length - MEL_WINDOW) / MEL_HOP + 1;
                if (shape.length != 4 || shape[2] != expected || shape[3] != MEL_BINS) {
                    throw new IllegalStateException("mel model of " + descriptor + " returned " + mel.getShape()
                            + " for " + samples.length + " samples, expected (1, 1, " + expected + ", 32)");
                }
                out.add(mel.toFloatArray());
            }
        }
        return out;
    }

    /** All items' windows in one call. Called on the embedding batcher's thread only. */
    private List<float[]> runEmbedding(List<float[]> items) throws Exception {
        int windowValues = WINDOW_FRAMES * MEL_BINS;
        int total = items.stream().mapToInt(i -> i.length / windowValues).sum();
        float[] x = new float[total * windowValues];
        int at = 0;
        for (float[] item : items) {
            System.arraycopy(item, 0, x, at, item.length);
            at += item.length;
        }
        try (NDManager manager = embeddingModel.getNDManager().newSubManager()) {
            NDArray input = manager.create(x, new Shape(total, WINDOW_FRAMES, MEL_BINS, 1));
            input.setName("input_1");
            NDArray out = embeddingPredictor.predict(new NDList(input)).get(0);
            float[] values = out.toFloatArray();
            if (values.length != total * DIMENSION) {
                throw new IllegalStateException("embedding model of " + descriptor + " returned " + out.getShape()
                        + " for " + total + " windows");
            }
            List<float[]> result = new ArrayList<>(items.size());
            int offset = 0;
            for (float[] item : items) {
                int count = item.length / windowValues;
                result.add(Arrays.copyOfRange(values, offset * DIMENSION, (offset + count) * DIMENSION));
                offset += count;
            }
            return result;
        }
    }

    @Override
    public void close() {
        melBatcher.close();
        embeddingBatcher.close();
        melPredictor.close();
        embeddingPredictor.close();
        melModel.close();
        embeddingModel.close();
    }
}
